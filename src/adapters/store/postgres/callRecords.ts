/**
 * What the carrier's webhooks write: the answer, each dialogue turn, the end of an
 * attempt with the call's next step, the write-back to the register and follow-ups.
 * Each webhook's write is one transaction that locks the attempt row first, so
 * duplicated and reordered callbacks are applied at most once, in a sane order.
 */
import type pg from 'pg';
import type { DialogueState, DialogueTurn } from '../../../core/dialogue/types.js';
import type { CallDecision } from '../../../core/policy/retry.js';
import type { Executor } from './database.js';

export interface AttemptContext {
  attemptId: number;
  attemptNo: number;
  attemptStatus: string;
  endedAt: Date | null;
  answeredAt: Date | null;
  providerCallId: string | null;
  dialogue: DialogueState | null;
  turns: number;
  callId: number;
  /** Attempts of the call that reached the carrier, this one included (what max-attempts counts). */
  callAttempts: number;
  callStatus: string;
  roundId: number;
  maxAttempts: number;
  residentId: number;
  phone: string;
  communityName: string;
  officeName: string | null;
}

const SELECT_CONTEXT = `SELECT a.id AS "attemptId", a.attempt_no AS "attemptNo", a.status AS "attemptStatus", a.ended_at AS "endedAt",
    a.answered_at AS "answeredAt", a.provider_call_id AS "providerCallId", a.dialogue, a.turns,
    c.id AS "callId", c.attempts AS "callAttempts", c.status AS "callStatus", c.round_id AS "roundId", r.max_attempts AS "maxAttempts",
    res.id AS "residentId", res.phone, co.name AS "communityName", co.office_name AS "officeName"
  FROM attempts a JOIN calls c ON c.id = a.call_id JOIN rounds r ON r.id = c.round_id
  JOIN residents res ON res.id = c.resident_id JOIN communities co ON co.id = r.community_id
  WHERE a.id = $1`;

/** Loads an attempt with its call, round, household and community; `lock` takes the attempt row. */
export async function loadAttempt(db: Executor, attemptId: number, lock = false): Promise<AttemptContext | undefined> {
  const r = await db.query<AttemptContext>(SELECT_CONTEXT + (lock ? ' FOR UPDATE OF a' : ''), [attemptId]);
  return r.rows[0];
}

/** Carrier progress before the end (queued, initiated, ringing, in-progress): moves forward only. */
const PROGRESS_RANK: Record<string, number> = { created: 0, queued: 1, initiated: 1, ringing: 2, in_progress: 3 };

export async function recordProgress(db: Executor, attemptId: number, status: 'queued' | 'ringing' | 'in_progress', providerCallId: string): Promise<void> {
  await db.query(
    `UPDATE attempts SET status = $2, provider_call_id = coalesce(provider_call_id, $3)
      WHERE id = $1 AND ended_at IS NULL AND status <> 'lost'
        AND (CASE status ${Object.entries(PROGRESS_RANK).map(([k, v]) => `WHEN '${k}' THEN ${v}`).join(' ')} ELSE 9 END) < $4`,
    [attemptId, status, providerCallId, PROGRESS_RANK[status]],
  );
}

/** The callee answered: the attempt and call are in progress, the dialogue has begun. */
export async function recordAnswer(db: Executor, attemptId: number, providerCallId: string, answeredBy: string | null, state: DialogueState): Promise<void> {
  await db.query(
    `WITH a AS (
       UPDATE attempts SET status = 'in_progress', answered_at = coalesce(answered_at, now()), answered_by = coalesce($3, answered_by),
              provider_call_id = coalesce(provider_call_id, $2), dialogue = $4
        WHERE id = $1 AND ended_at IS NULL RETURNING call_id)
     UPDATE calls SET status = 'in_progress', updated_at = now() FROM a WHERE calls.id = a.call_id AND calls.status = 'dialing'`,
    [attemptId, providerCallId, answeredBy, JSON.stringify(state)],
  );
}

/** Stores one turn and the dialogue's new state (caller holds the attempt lock). */
export async function recordTurn(db: Executor, attemptId: number, seq: number, turn: DialogueTurn | undefined, raw: unknown, state: DialogueState): Promise<void> {
  if (turn) {
    await db.query(
      `INSERT INTO turns (attempt_id, seq, prompt, prompt_text, transcript, confidence, digits, classification, raw)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (attempt_id, seq) DO NOTHING`,
      [attemptId, seq, turn.prompt, turn.promptText, turn.transcript, turn.confidence, turn.digits, turn.classification ? JSON.stringify(turn.classification) : null, JSON.stringify(raw)],
    );
  }
  await db.query(`UPDATE attempts SET dialogue = $2, turns = $3, result = coalesce($4, result) WHERE id = $1`, [
    attemptId,
    JSON.stringify(state),
    seq,
    state.outcome?.label ?? null,
  ]);
}

/** True when any turn of the attempt heard a fever (it stands even if the call broke off). */
export async function feverHeard(db: Executor, attemptId: number): Promise<boolean> {
  const r = await db.query(`SELECT 1 FROM turns WHERE attempt_id = $1 AND classification->>'label' = 'fever' LIMIT 1`, [attemptId]);
  return (r.rowCount ?? 0) > 0;
}

/** Highest temperature heard in any turn of the attempt. */
async function highestTemperature(db: Executor, attemptId: number): Promise<number | null> {
  const r = await db.query<{ t: number | null }>(
    `SELECT max((classification->>'temperatureC')::numeric) AS t FROM turns WHERE attempt_id = $1 AND classification->>'temperatureC' IS NOT NULL`,
    [attemptId],
  );
  return r.rows[0]?.t ?? null;
}

/** The conversation of every attempt of a call, as staff read it. */
export async function callTranscript(db: Executor, callId: number): Promise<string> {
  const r = await db.query<{ text: string | null }>(
    `SELECT string_agg(format('[第%s次] 问:%s 答:%s', a.attempt_no, t.prompt_text,
              coalesce(nullif(t.transcript, ''), CASE WHEN t.digits IS NOT NULL THEN '按键 ' || t.digits END, '(无回答)')), E'\\n'
              ORDER BY a.attempt_no, t.seq) AS text
       FROM turns t JOIN attempts a ON a.id = t.attempt_id WHERE a.call_id = $1`,
    [callId],
  );
  return r.rows[0]?.text ?? '';
}

export interface AttemptEndRecord {
  status: 'completed' | 'busy' | 'no_answer' | 'failed' | 'canceled';
  durationSeconds: number | null;
  answeredBy: string | null;
  providerCallId: string | null;
}

/**
 * Ends the attempt and applies the decision to the call (caller holds the attempt
 * lock, in a transaction): done with an outcome (written back to the register, with a
 * follow-up when staff must act), dialled again later, or cancelled.
 */
export async function applyAttemptEnd(db: pg.PoolClient, ctx: AttemptContext, end: AttemptEndRecord, decision: CallDecision, temperatureFromDialogue: number | null): Promise<void> {
  const result = decision.action === 'done' ? decision.outcome : decision.action === 'retry' ? `retry: ${decision.reason}` : 'cancelled';
  await db.query(
    `UPDATE attempts SET status = $2, ended_at = now(), duration_s = $3, answered_by = coalesce(answered_by, $4),
            provider_call_id = coalesce(provider_call_id, $5), result = $6
      WHERE id = $1`,
    [ctx.attemptId, end.status, end.durationSeconds, end.answeredBy, end.providerCallId, result],
  );
  if (decision.action === 'retry') {
    await db.query(
      `UPDATE calls SET status = 'pending', next_attempt_at = now() + make_interval(secs => $2), lease_owner = NULL, lease_expires_at = NULL,
              last_error = $3, updated_at = now()
        WHERE id = $1 AND status IN ('dialing', 'in_progress')`,
      [ctx.callId, decision.afterSeconds, decision.reason],
    );
    return;
  }
  if (decision.action === 'cancelled') {
    await db.query(
      `UPDATE calls SET status = 'cancelled', lease_owner = NULL, lease_expires_at = NULL, updated_at = now(), finished_at = now() WHERE id = $1`,
      [ctx.callId],
    );
    return;
  }
  const temperature = temperatureFromDialogue ?? (await highestTemperature(db, ctx.attemptId));
  await db.query(
    `UPDATE calls SET status = 'done', outcome = $2, temperature_c = $3, lease_owner = NULL, lease_expires_at = NULL,
            updated_at = now(), finished_at = now()
      WHERE id = $1`,
    [ctx.callId, decision.outcome, temperature],
  );
  await db.query(
    `UPDATE residents SET last_status = $2, last_temperature_c = $3, last_screened_at = now(), last_round_id = $4, updated_at = now() WHERE id = $1`,
    [ctx.residentId, decision.outcome, temperature, ctx.roundId],
  );
  if (decision.followUp) {
    const transcript = await callTranscript(db, ctx.callId);
    await db.query(
      `INSERT INTO follow_ups (community_id, round_id, call_id, resident_id, grid_id, reason, temperature_c, transcript)
       SELECT r.community_id, c.round_id, c.id, c.resident_id, res.grid_id, $2, $3, $4
         FROM calls c JOIN rounds r ON r.id = c.round_id JOIN residents res ON res.id = c.resident_id WHERE c.id = $1
       ON CONFLICT (call_id) DO NOTHING`,
      [ctx.callId, decision.followUp, temperature, transcript],
    );
  }
}
