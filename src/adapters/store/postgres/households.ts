/**
 * One household as the staff see it: the register entry, every call and attempt,
 * every turn, and the changes staff make (correction, call again, do-not-call, phone).
 */
import type { Executor } from './database.js';

export interface HouseholdRow {
  id: number;
  community_id: number;
  community: string;
  timezone: string;
  grid_id: number | null;
  grid: string | null;
  name: string;
  phone: string;
  building: string;
  unit: string;
  room: string;
  do_not_call: boolean;
  last_status: string | null;
  last_temperature_c: number | null;
  last_screened_at: Date | null;
}

export async function getHousehold(db: Executor, id: number): Promise<HouseholdRow | undefined> {
  const r = await db.query<HouseholdRow>(
    `SELECT res.id, res.community_id, c.name AS community, c.timezone, res.grid_id, g.name AS grid, res.name, res.phone, res.building,
            res.unit, res.room, res.do_not_call, res.last_status, res.last_temperature_c, res.last_screened_at
       FROM residents res JOIN communities c ON c.id = res.community_id LEFT JOIN grids g ON g.id = res.grid_id WHERE res.id = $1`,
    [id],
  );
  return r.rows[0];
}

export interface CallRow {
  id: number;
  round_id: number;
  round_status: string;
  status: string;
  attempts: number;
  max_attempts: number;
  outcome: string | null;
  temperature_c: number | null;
  next_attempt_at: Date;
  created_at: Date;
}

export async function householdCalls(db: Executor, residentId: number): Promise<CallRow[]> {
  const r = await db.query<CallRow>(
    `SELECT c.id, c.round_id, r.status AS round_status, c.status, c.attempts, r.max_attempts, c.outcome, c.temperature_c, c.next_attempt_at, c.created_at
       FROM calls c JOIN rounds r ON r.id = c.round_id WHERE c.resident_id = $1 ORDER BY c.round_id DESC`,
    [residentId],
  );
  return r.rows;
}

export interface AttemptRow {
  id: number;
  call_id: number;
  attempt_no: number;
  status: string;
  answered_by: string | null;
  result: string | null;
  created_at: Date;
  placed_at: Date | null;
  answered_at: Date | null;
  duration_s: number | null;
}

export async function householdAttempts(db: Executor, residentId: number): Promise<AttemptRow[]> {
  const r = await db.query<AttemptRow>(
    `SELECT a.id, a.call_id, a.attempt_no, a.status, a.answered_by, a.result, a.created_at, a.placed_at, a.answered_at, a.duration_s
       FROM attempts a JOIN calls c ON c.id = a.call_id WHERE c.resident_id = $1 ORDER BY a.call_id DESC, a.attempt_no`,
    [residentId],
  );
  return r.rows;
}

export interface TurnRow {
  id: number;
  attempt_id: number;
  seq: number;
  prompt: string;
  prompt_text: string;
  transcript: string | null;
  confidence: number | null;
  digits: string | null;
  recording_url: string | null;
  /** The classifier's result as stored by the call path (core/classifier Classification). */
  classification: { label?: string; rule?: string; temperatureC?: number | null; symptoms?: string[]; confidence?: number } | null;
}

export async function householdTurns(db: Executor, residentId: number): Promise<TurnRow[]> {
  // recording_url is read from 001's column; the speech work may fill it.
  const r = await db.query<TurnRow>(
    `SELECT t.id, t.attempt_id, t.seq, t.prompt, t.prompt_text, t.transcript, t.confidence, t.digits, t.recording_url, t.classification
       FROM turns t JOIN attempts a ON a.id = t.attempt_id JOIN calls c ON c.id = a.call_id
      WHERE c.resident_id = $1 ORDER BY t.attempt_id, t.seq`,
    [residentId],
  );
  return r.rows;
}

/** Where a turn belongs (for the scope check of its recording). */
export async function turnPlace(db: Executor, turnId: number): Promise<{ resident_id: number; community_id: number; grid_id: number | null } | undefined> {
  const r = await db.query<{ resident_id: number; community_id: number; grid_id: number | null }>(
    `SELECT res.id AS resident_id, res.community_id, res.grid_id FROM turns t JOIN attempts a ON a.id = t.attempt_id
       JOIN calls c ON c.id = a.call_id JOIN residents res ON res.id = c.resident_id WHERE t.id = $1`,
    [turnId],
  );
  return r.rows[0];
}

export async function getCall(db: Executor, callId: number, lock = false): Promise<(CallRow & { resident_id: number; community_id: number }) | undefined> {
  const r = await db.query<CallRow & { resident_id: number; community_id: number }>(
    `SELECT c.id, c.round_id, r.status AS round_status, c.status, c.attempts, r.max_attempts, c.outcome, c.temperature_c, c.next_attempt_at,
            c.created_at, c.resident_id, r.community_id
       FROM calls c JOIN rounds r ON r.id = c.round_id WHERE c.id = $1${lock ? ' FOR UPDATE OF c, r' : ''}`,
    [callId],
  );
  return r.rows[0];
}

/** Sets a call's outcome (a staff correction) and, when it is the household's latest round, the register's status. */
export async function setCallOutcome(db: Executor, callId: number, outcome: string, temperatureC: number | null): Promise<void> {
  await db.query(`UPDATE calls SET outcome = $2, temperature_c = $3, updated_at = now() WHERE id = $1 AND status = 'done'`, [callId, outcome, temperatureC]);
  await db.query(
    `UPDATE residents res SET last_status = $2, last_temperature_c = $3, updated_at = now()
       FROM calls c WHERE c.id = $1 AND res.id = c.resident_id AND (res.last_round_id IS NULL OR res.last_round_id <= c.round_id)`,
    [callId, outcome, temperatureC],
  );
}

export async function insertCorrection(
  db: Executor,
  c: { callId: number; roundId: number; residentId: number; communityId: number; originalOutcome: string | null; originalTemperatureC: number | null; outcome: string; temperatureC: number | null; turns: unknown[]; note: string; actor: string },
): Promise<number> {
  const r = await db.query<{ id: number }>(
    `INSERT INTO corrections (call_id, round_id, resident_id, community_id, original_outcome, original_temperature_c, corrected_outcome,
                              corrected_temperature_c, original_turns, note, actor)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [c.callId, c.roundId, c.residentId, c.communityId, c.originalOutcome, c.originalTemperatureC, c.outcome, c.temperatureC, JSON.stringify(c.turns), c.note, c.actor],
  );
  return r.rows[0]!.id;
}

/** The turns of a call's last answered attempt, as classified (kept with a correction). */
export async function callTurns(db: Executor, callId: number): Promise<TurnRow[]> {
  const r = await db.query<TurnRow>(
    `SELECT t.id, t.attempt_id, t.seq, t.prompt, t.prompt_text, t.transcript, t.confidence, t.digits, t.recording_url, t.classification
       FROM turns t JOIN attempts a ON a.id = t.attempt_id WHERE a.call_id = $1 ORDER BY a.attempt_no, t.seq`,
    [callId],
  );
  return r.rows;
}

/** Puts a finished call back in the queue for exactly one more dial, due now. */
export async function requeueCall(db: Executor, callId: number): Promise<void> {
  await db.query(
    `UPDATE calls c SET status = 'pending', outcome = NULL, temperature_c = NULL, next_attempt_at = now(), finished_at = NULL,
            attempts = least(c.attempts, r.max_attempts - 1), last_error = NULL, updated_at = now()
       FROM rounds r WHERE c.id = $1 AND r.id = c.round_id AND c.status IN ('done', 'cancelled', 'pending')`,
    [callId],
  );
}

export async function reopenRound(db: Executor, roundId: number): Promise<void> {
  await db.query(`UPDATE rounds SET status = 'running', finished_at = NULL WHERE id = $1 AND status = 'completed'`, [roundId]);
}

export async function setResidentDoNotCall(db: Executor, id: number, value: boolean): Promise<void> {
  await db.query('UPDATE residents SET do_not_call = $2, updated_at = now() WHERE id = $1', [id, value]);
}

/** Changes a household's number; false when another household of the community has it. */
export async function setResidentPhone(db: Executor, id: number, phone: string): Promise<boolean> {
  const r = await db.query(
    `UPDATE residents SET phone = $2, updated_at = now() WHERE id = $1
        AND NOT EXISTS (SELECT 1 FROM residents o WHERE o.community_id = residents.community_id AND o.phone = $2 AND o.id <> $1)`,
    [id, phone],
  );
  return (r.rowCount ?? 0) > 0;
}

export async function householdFollowUps(db: Executor, residentId: number): Promise<{ id: number; round_id: number; reason: string; status: string; visit_result: string | null; note: string | null; assignee: string | null; due_at: Date | null }[]> {
  const r = await db.query<{ id: number; round_id: number; reason: string; status: string; visit_result: string | null; note: string | null; assignee: string | null; due_at: Date | null }>(
    `SELECT f.id, f.round_id, f.reason, f.status, f.visit_result, f.note, coalesce(nullif(u.display_name, ''), u.username) AS assignee, f.due_at
       FROM follow_ups f LEFT JOIN staff_users u ON u.id = f.assignee_id WHERE f.resident_id = $1 ORDER BY f.round_id DESC`,
    [residentId],
  );
  return r.rows;
}

/** Audit lines about this household and its follow-ups, newest first. */
export async function householdHistory(db: Executor, residentId: number, followUpIds: number[]): Promise<{ at: Date; actor: string; action: string; entity: string; detail: Record<string, unknown> }[]> {
  const r = await db.query<{ at: Date; actor: string; action: string; entity: string; detail: Record<string, unknown> }>(
    `SELECT at, actor, action, entity, detail FROM audit_log
      WHERE (entity = 'resident' AND entity_id = $1) OR (entity = 'follow_up' AND entity_id = ANY($2)) ORDER BY at DESC, id DESC LIMIT 200`,
    [String(residentId), followUpIds.map(String)],
  );
  return r.rows;
}
