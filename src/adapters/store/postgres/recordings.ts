/** Turn recordings: the reference staff play, and the retention job's bookkeeping. */
import type { Executor } from './database.js';

export interface TurnRecording {
  turnId: number;
  attemptId: number;
  url: string;
  sid: string | null;
  deletedAt: Date | null;
  createdAt: Date;
}

interface Row {
  id: string;
  attempt_id: string;
  recording_url: string;
  recording_sid: string | null;
  recording_deleted_at: Date | null;
  created_at: Date;
}

const toRecording = (r: Row): TurnRecording => ({
  turnId: Number(r.id),
  attemptId: Number(r.attempt_id),
  url: r.recording_url,
  sid: r.recording_sid,
  deletedAt: r.recording_deleted_at,
  createdAt: r.created_at,
});

/** A turn's recording, or undefined when the turn has none. */
export async function findTurnRecording(db: Executor, turnId: number): Promise<TurnRecording | undefined> {
  const r = await db.query<Row>(
    'SELECT id, attempt_id, recording_url, recording_sid, recording_deleted_at, created_at FROM turns WHERE id = $1 AND recording_url IS NOT NULL',
    [turnId],
  );
  return r.rows[0] ? toRecording(r.rows[0]) : undefined;
}

/** Recordings still held that are older than `before`, oldest first. */
export async function recordingsHeldBefore(db: Executor, before: Date, limit: number, afterTurnId = 0): Promise<TurnRecording[]> {
  const r = await db.query<Row>(
    `SELECT id, attempt_id, recording_url, recording_sid, recording_deleted_at, created_at FROM turns
      WHERE recording_url IS NOT NULL AND recording_deleted_at IS NULL AND created_at < $1 AND id > $3
      ORDER BY id LIMIT $2`,
    [before, limit, afterTurnId],
  );
  return r.rows.map(toRecording);
}

export async function markRecordingDeleted(db: Executor, turnId: number): Promise<void> {
  await db.query('UPDATE turns SET recording_deleted_at = now() WHERE id = $1 AND recording_deleted_at IS NULL', [turnId]);
}

/** A whole-call recording (Gather dialogues with TIWEN_RECORDINGS=on): every turn of the attempt refers to it. */
export async function attachCallRecording(db: Executor, attemptId: number, url: string, sid: string | null): Promise<number> {
  const r = await db.query('UPDATE turns SET recording_url = $2, recording_sid = $3 WHERE attempt_id = $1 AND recording_url IS NULL', [attemptId, url, sid]);
  return r.rowCount ?? 0;
}
