/**
 * Use cases: staff listen to a turn's recording, and recordings are deleted after
 * their retention period.
 *
 * Listening goes through our server: the recording is fetched from the carrier with
 * the account's credentials (the browser never sees them) and every access is written
 * to the audit log (who, which turn, which recording). The staff console mounts
 * `playRecording` on its authenticated route `/recordings/:turnId`.
 *
 * Retention (TIWEN_RECORDING_RETENTION_DAYS, default 30): Chinese telecom rules keep
 * call records for at least 30 days, and PIPL asks for personal data — a resident's
 * voice telling of an illness is sensitive personal information — to be kept no
 * longer than the purpose needs. So recordings are deleted at the carrier (REST DELETE
 * on the Recording) when the period is over, and the turn keeps only the fact that it
 * had one. Transcripts and outcomes stay: they are the screening's result.
 */
import { Readable } from 'node:stream';
import type pg from 'pg';
import { toError } from '../errors.js';
import type { Logger } from '../log.js';
import type { RecordingStore } from '../adapters/telephony/twilio/recordings.js';
import { audit } from '../adapters/store/postgres/audit.js';
import { findTurnRecording, markRecordingDeleted, recordingsHeldBefore } from '../adapters/store/postgres/recordings.js';

export interface RecordingStream {
  contentType: string;
  body: Readable;
}

/** `(turnId, actor) => audio`, null when the turn has no recording (or it was deleted). */
export type PlayRecording = (turnId: number, actor?: string) => Promise<RecordingStream | null>;

export function recordingPlayer(o: { pool: pg.Pool; recordings: RecordingStore }): PlayRecording {
  return async (turnId, actor = 'staff') => {
    if (!Number.isSafeInteger(turnId) || turnId <= 0) return null;
    const rec = await findTurnRecording(o.pool, turnId);
    if (!rec || rec.deletedAt) return null;
    // Fetch first: a failure (carrier down, bad credentials) is the caller's error to show, and no access happened.
    const audio = await o.recordings.fetch(rec.url);
    await audit(o.pool, { actor, action: 'recording.play', entity: 'turn', entityId: turnId, detail: { recordingSid: rec.sid, attemptId: rec.attemptId } });
    return { contentType: audio.contentType, body: Readable.from([audio.body]) };
  };
}

export interface PurgeResult {
  deleted: number;
  failed: number;
  retentionDays: number;
}

/** Rows handled per query; the job runs until none is left or the carrier keeps failing. */
const PURGE_BATCH = 200;

/**
 * Deletes the recordings older than `retentionDays` at the carrier and marks them
 * deleted. A recording the carrier would not delete stays held and is tried at the
 * next run. `retentionDays` 0 keeps everything.
 */
export async function purgeRecordings(o: { pool: pg.Pool; recordings: RecordingStore; retentionDays: number; logger: Logger; actor?: string; now?: Date }): Promise<PurgeResult> {
  const result: PurgeResult = { deleted: 0, failed: 0, retentionDays: o.retentionDays };
  if (o.retentionDays <= 0) return result;
  const before = new Date((o.now ?? new Date()).getTime() - o.retentionDays * 86_400_000);
  let after = 0;
  for (;;) {
    const batch = await recordingsHeldBefore(o.pool, before, PURGE_BATCH, after);
    if (batch.length === 0) break;
    for (const rec of batch) {
      after = rec.turnId;
      try {
        await o.recordings.delete(rec.url);
        await markRecordingDeleted(o.pool, rec.turnId);
        result.deleted++;
      } catch (err) {
        result.failed++;
        o.logger.warn('recording not deleted at the carrier; will try again at the next run', { turn: rec.turnId, error: toError(err).message });
      }
    }
  }
  if (result.deleted + result.failed > 0) {
    await audit(o.pool, { actor: o.actor ?? 'retention', action: 'recordings.purge', entity: 'turns', detail: { ...result, before: before.toISOString() } });
  }
  return result;
}
