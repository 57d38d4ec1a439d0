-- Recordings kept for staff (TIWEN_RECORDINGS): the carrier's id beside the URL (turns
-- already have recording_url), and when the retention job deleted it, at the carrier too.
ALTER TABLE turns
  ADD COLUMN recording_sid text,
  ADD COLUMN recording_deleted_at timestamptz;

-- The retention job's scan: recordings still held, oldest first.
CREATE INDEX turns_recordings_held ON turns (created_at) WHERE recording_url IS NOT NULL AND recording_deleted_at IS NULL;
