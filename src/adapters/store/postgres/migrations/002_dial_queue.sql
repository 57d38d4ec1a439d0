-- Global pacing state shared by every dialer process: the next free dial slot per key
-- ('account:<provider>' for the carrier account, 'round:<id>' per round). Claims lock
-- these rows, so concurrent dialers take consecutive, properly spaced slots.
CREATE TABLE pacing (
  key         text PRIMARY KEY,
  next_at     timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Which dialer processes are alive (for the web page and for operators).
CREATE TABLE dialers (
  id          text PRIMARY KEY,
  host        text NOT NULL,
  pid         int NOT NULL,
  started_at  timestamptz NOT NULL DEFAULT now(),
  seen_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX calls_round_status ON calls (round_id, status);
CREATE INDEX attempts_call ON attempts (call_id);

-- Number of dialogue turns recorded on the attempt: the gather webhook carries the
-- turn it answers, so a duplicated or replayed request is recognised and not applied twice.
ALTER TABLE attempts ADD COLUMN turns int NOT NULL DEFAULT 0;
