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
  /** Whether any turn of the attempt heard a fever (only loaded with `lock`). */
  feverHeard?: boolean;
}

const SELECT_CONTEXT = `SELECT a.id AS "attemptId", a.attempt_no AS "attemptNo", a.status AS "attemptStatus", a.ended_at AS "endedAt",
    a.answered_at AS "answeredAt", a.provider_call_id AS "providerCallId", a.dialogue, a.turns,
    c.id AS "callId", c.attempts AS "callAttempts", c.status AS "callStatus", c.round_id AS "roundId", r.max_attempts AS "maxAttempts",
    res.id AS "residentId", res.phone, co.name AS "communityName", co.office_name AS "officeName"
  FROM attempts a JOIN calls c ON c.id = a.call_id JOIN rounds r ON r.id = c.round_id
  JOIN residents res ON res.id = c.resident_id JOIN communities co ON co.id = r.community_id
  WHERE a.id = $1`;

const SELECT_CONTEXT_WITH_FEVER = SELECT_CONTEXT.replace(
  'FROM attempts a',
  `, EXISTS (SELECT 1 FROM turns t WHERE t.attempt_id = a.id AND t.classification->>'label' = 'fever') AS "feverHeard" FROM attempts a`,
);

/**
 * Loads an attempt with its call, round, household and community; `withFever` (for
 * ending the attempt) also reports whether a fever was heard. The webhook statements
 * are named, so each connection parses and plans them once.
 */
export async function loadAttempt(db: Executor, attemptId: number, withFever = false): Promise<AttemptContext | undefined> {
  const r = await db.query<AttemptContext>({
    name: withFever ? 'tiwen-load-attempt-fever' : 'tiwen-load-attempt',
    text: withFever ? SELECT_CONTEXT_WITH_FEVER : SELECT_CONTEXT,
    values: [attemptId],
  });
  return r.rows[0];
}

export interface RoundContext {
  maxAttempts: number;
  communityName: string;
  officeName: string | null;
}

/** What the dialogue and the retry policy need of a round. */
export async function loadRoundContext(db: Executor, roundId: number): Promise<RoundContext | undefined> {
  const r = await db.query<RoundContext>(
    `SELECT r.max_attempts AS "maxAttempts", co.name AS "communityName", co.office_name AS "officeName"
       FROM rounds r JOIN communities co ON co.id = r.community_id WHERE r.id = $1`,
    [roundId],
  );
  return r.rows[0];
}

/**
 * The callee answered: the attempt and call are in progress, the dialogue has begun.
 * Only the first answer is applied (returns false for a repeat).
 */
export async function recordAnswer(db: Executor, attemptId: number, providerCallId: string, answeredBy: string | null, state: DialogueState): Promise<boolean> {
  const r = await db.query<{ applied: number }>({
    name: 'tiwen-record-answer',
    text: `WITH a AS (
       UPDATE attempts SET status = 'in_progress', answered_at = coalesce(answered_at, now()), answered_by = coalesce($3, answered_by),
              provider_call_id = coalesce(provider_call_id, $2), dialogue = $4
        WHERE id = $1 AND ended_at IS NULL AND dialogue IS NULL RETURNING call_id),
     c AS (UPDATE calls SET status = 'in_progress', updated_at = now() FROM a WHERE calls.id = a.call_id AND calls.status = 'dialing')
     SELECT count(*)::int AS applied FROM a`,
    values: [attemptId, providerCallId, answeredBy, JSON.stringify(state)],
  });
  return r.rows[0]!.applied > 0;
}

/**
 * Stores turn `seq` and the dialogue's new state, if the attempt still stands at turn
 * `seq - 1` (optimistic: a duplicated request finds it moved on). One statement.
 * Returns false when not applied.
 */
export async function recordTurn(
  db: Executor,
  attemptId: number,
  seq: number,
  turn: DialogueTurn | undefined,
  raw: unknown,
  state: DialogueState,
  recording: { url: string; sid: string | null } | null = null,
): Promise<boolean> {
  const r = await db.query<{ applied: number }>({
    name: 'tiwen-record-turn',
    text: `WITH u AS (
       UPDATE attempts SET dialogue = $2, turns = $3, result = coalesce($4, result)
        WHERE id = $1 AND turns = $3 - 1 AND ended_at IS NULL RETURNING id),
     t AS (
       INSERT INTO turns (attempt_id, seq, prompt, prompt_text, transcript, confidence, digits, classification, raw, recording_url, recording_sid)
       SELECT u.id, $3, $5, $6, $7, $8, $9, $10, $11, $12, $13 FROM u WHERE $5::text IS NOT NULL
       ON CONFLICT (attempt_id, seq) DO NOTHING)
     SELECT count(*)::int AS applied FROM u`,
    values: [
      attemptId,
      JSON.stringify(state),
      seq,
      state.outcome?.label ?? null,
      turn?.prompt ?? null,
      turn?.promptText ?? '',
      turn?.transcript ?? null,
      turn?.confidence ?? null,
      turn?.digits ?? null,
      turn?.classification ? JSON.stringify(turn.classification) : null,
      JSON.stringify(raw),
      recording?.url ?? null,
      recording?.sid ?? null,
    ],
  });
  return r.rows[0]!.applied > 0;
}

/**
 * Asynchronous AMD heard a machine: the dialogue ends as voicemail, if the attempt is
 * still live and at turn `turns` (a reply applied meanwhile moves it on: then the
 * machine has been talked to, and its verdict is moot).
 */
export async function markMachine(db: Executor, attemptId: number, turns: number, state: DialogueState): Promise<boolean> {
  const r = await db.query(
    `UPDATE attempts SET dialogue = $2, answered_by = 'machine_start', result = 'voicemail'
      WHERE id = $1 AND ended_at IS NULL AND turns = $3`,
    [attemptId, JSON.stringify(state), turns],
  );
  return (r.rowCount ?? 0) > 0;
}

export interface AttemptEndRecord {
  status: 'completed' | 'busy' | 'no_answer' | 'failed' | 'canceled';
  durationSeconds: number | null;
  answeredBy: string | null;
  providerCallId: string | null;
}

/** Staff-readable transcript of every attempt of call `$N` (SQL, for use inside statements). */
const TRANSCRIPT_SQL = (param: string) => `coalesce((SELECT string_agg(format('[第%s次] 问:%s 答:%s', a2.attempt_no, t.prompt_text,
    coalesce(nullif(t.transcript, ''), CASE WHEN t.digits IS NOT NULL THEN '按键 ' || t.digits END, '(无回答)')), E'\\n'
    ORDER BY a2.attempt_no, t.seq) FROM turns t JOIN attempts a2 ON a2.id = t.attempt_id WHERE a2.call_id = ${param}), '')`;

/** The attempt to end, as its events left it: the end applies only if it still stands there. */
export interface AttemptEndTarget {
  attemptId: number;
  callId: number;
  roundId: number;
  /** Turns recorded and whether the dialogue began: the decision was made from this state. */
  turns: number;
  answered: boolean;
}

/**
 * Ends the attempt and applies the decision to the call, in one statement: done with
 * an outcome (written back to the register, with a follow-up when staff must act),
 * dialled again later, or cancelled; and wakes the dialers (a line is free). Applied
 * only if the attempt had not ended yet and still stands where `target` says (a
 * concurrent duplicate, or an event another server applied, finds it changed and the
 * statement changes nothing); returns whether it was applied.
 */
export async function applyAttemptEnd(
  db: Executor,
  target: AttemptEndTarget,
  end: AttemptEndRecord,
  decision: CallDecision,
  temperatureFromDialogue: number | null,
  channel: string,
): Promise<boolean> {
  const result = decision.action === 'done' ? decision.outcome : decision.action === 'retry' ? `retry: ${decision.reason}` : 'cancelled';
  const attemptUpdate = `UPDATE attempts SET status = $2, ended_at = now(), duration_s = $3, answered_by = coalesce(answered_by, $4),
            provider_call_id = coalesce(provider_call_id, $5), result = $6
        WHERE id = $1 AND ended_at IS NULL AND turns = $10 AND (dialogue IS NOT NULL) = $11 RETURNING id`;
  const tail = `SELECT count(*)::int AS applied, CASE WHEN count(*) > 0 THEN pg_notify($8, $9) END AS notified FROM a`;
  const base = [target.attemptId, end.status, end.durationSeconds, end.answeredBy, end.providerCallId, result, target.callId, channel, String(target.roundId), target.turns, target.answered];
  let r: pg.QueryResult<{ applied: number }>;
  if (decision.action === 'retry') {
    r = await db.query({
      name: 'tiwen-end-retry',
      text: `WITH a AS (${attemptUpdate}),
       c AS (UPDATE calls SET status = 'pending', next_attempt_at = now() + make_interval(secs => $12), lease_owner = NULL, lease_expires_at = NULL,
                    last_error = $13, updated_at = now()
               FROM a WHERE calls.id = $7 AND calls.status IN ('dialing', 'in_progress'))
       ${tail}`,
      values: [...base, decision.afterSeconds, decision.reason],
    });
  } else if (decision.action === 'cancelled') {
    r = await db.query({
      name: 'tiwen-end-cancelled',
      text: `WITH a AS (${attemptUpdate}),
       c AS (UPDATE calls SET status = 'cancelled', lease_owner = NULL, lease_expires_at = NULL, updated_at = now(), finished_at = now()
               FROM a WHERE calls.id = $7)
       ${tail}`,
      values: base,
    });
  } else {
    r = await db.query({
      name: 'tiwen-end-done',
      text: `WITH a AS (${attemptUpdate}),
     c AS (
       UPDATE calls SET status = 'done', outcome = $12,
              temperature_c = coalesce($13::numeric, (SELECT max((classification->>'temperatureC')::numeric) FROM turns WHERE attempt_id = $1)),
              lease_owner = NULL, lease_expires_at = NULL, updated_at = now(), finished_at = now()
         FROM a WHERE calls.id = $7 RETURNING calls.id, calls.round_id, calls.resident_id, calls.temperature_c),
     r AS (
       UPDATE residents res SET last_status = $12, last_temperature_c = c.temperature_c, last_screened_at = now(), last_round_id = c.round_id, updated_at = now()
         FROM c WHERE res.id = c.resident_id RETURNING res.community_id, res.grid_id),
     f AS (
       INSERT INTO follow_ups (community_id, round_id, call_id, resident_id, grid_id, reason, temperature_c, transcript)
       SELECT r.community_id, c.round_id, c.id, c.resident_id, r.grid_id, $14, c.temperature_c, ${TRANSCRIPT_SQL('$7')}
         FROM c, r WHERE $14::text IS NOT NULL
       ON CONFLICT (call_id) DO NOTHING)
     ${tail}`,
      values: [...base, decision.outcome, temperatureFromDialogue, decision.followUp],
    });
  }
  return r.rows[0]!.applied > 0;
}
