import type { Executor } from './database.js';
import type { RoundStatus } from '../../../core/policy/roundLifecycle.js';

export interface RoundRow {
  id: number;
  community_id: number;
  community: string;
  status: RoundStatus;
  grids: string[];
  window_start: string;
  window_end: string;
  max_attempts: number;
  cps: number;
  lines: number;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

const SELECT_ROUND = `SELECT r.id, r.community_id, c.name AS community, r.status, r.grids,
  to_char(r.window_start, 'HH24:MI') AS window_start, to_char(r.window_end, 'HH24:MI') AS window_end,
  r.max_attempts, r.cps, r.lines, r.created_at, r.started_at, r.finished_at
  FROM rounds r JOIN communities c ON c.id = r.community_id`;

export async function getRound(db: Executor, id: number, lock = false): Promise<RoundRow | undefined> {
  const r = await db.query<RoundRow>(`${SELECT_ROUND} WHERE r.id = $1${lock ? ' FOR UPDATE OF r' : ''}`, [id]);
  return r.rows[0];
}

export async function listRounds(db: Executor, limit = 50): Promise<(RoundRow & { households: number; done: number })[]> {
  const r = await db.query<RoundRow & { households: number; done: number }>(
    `${SELECT_ROUND.replace('FROM rounds r', `, (SELECT count(*)::int FROM calls WHERE round_id = r.id) AS households,
      (SELECT count(*)::int FROM calls WHERE round_id = r.id AND status IN ('done','cancelled')) AS done FROM rounds r`)}
     ORDER BY r.id DESC LIMIT $1`,
    [limit],
  );
  return r.rows;
}

export interface NewRound {
  communityId: number;
  grids: string[];
  windowStart: string;
  windowEnd: string;
  maxAttempts: number;
  cps: number;
  lines: number;
}

/** Creates the round and one pending call per dialable household, in the caller's transaction. */
export async function insertRoundWithCalls(db: Executor, round: NewRound): Promise<{ id: number; households: number }> {
  const r = await db.query<{ id: number }>(
    `INSERT INTO rounds (community_id, grids, window_start, window_end, max_attempts, cps, lines)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [round.communityId, round.grids, round.windowStart, round.windowEnd, round.maxAttempts, round.cps, round.lines],
  );
  const id = r.rows[0]!.id;
  const calls = await db.query(
    `INSERT INTO calls (round_id, resident_id)
     SELECT $1, res.id FROM residents res LEFT JOIN grids g ON g.id = res.grid_id
      WHERE res.community_id = $2 AND NOT res.do_not_call
        AND (cardinality($3::text[]) = 0 OR g.name = ANY($3))
      ORDER BY res.id`,
    [id, round.communityId, round.grids],
  );
  return { id, households: calls.rowCount ?? 0 };
}

export async function setRoundStatus(db: Executor, id: number, status: RoundStatus): Promise<void> {
  await db.query(
    `UPDATE rounds SET status = $2,
       started_at = CASE WHEN $2 = 'running' THEN coalesce(started_at, now()) ELSE started_at END,
       finished_at = CASE WHEN $2 IN ('completed', 'cancelled') THEN now() ELSE finished_at END
     WHERE id = $1`,
    [id, status],
  );
}

/** Cancels every call of the round that is not yet placed. In-flight calls finish. */
export async function cancelPendingCalls(db: Executor, roundId: number): Promise<number> {
  const r = await db.query(
    `UPDATE calls SET status = 'cancelled', lease_owner = NULL, lease_expires_at = NULL, updated_at = now(), finished_at = now()
      WHERE round_id = $1 AND status = 'pending'`,
    [roundId],
  );
  return r.rowCount ?? 0;
}

export interface RoundCounts {
  households: number;
  calls: Record<string, number>;
  outcomes: Record<string, number>;
  attempts: number;
  followUps: number;
}

export async function roundCounts(db: Executor, roundId: number): Promise<RoundCounts> {
  const r = await db.query<{ status: string; outcome: string | null; n: number; attempts: number }>(
    `SELECT status, outcome, count(*)::int AS n, sum(attempts)::int AS attempts FROM calls WHERE round_id = $1 GROUP BY status, outcome`,
    [roundId],
  );
  const calls: Record<string, number> = { pending: 0, dialing: 0, in_progress: 0, done: 0, cancelled: 0 };
  const outcomes: Record<string, number> = { fever: 0, no_fever: 0, unclear: 0, unreachable: 0, callback: 0, wrong_number: 0, refused: 0 };
  let households = 0;
  let attempts = 0;
  for (const row of r.rows) {
    households += row.n;
    attempts += row.attempts;
    calls[row.status] = (calls[row.status] ?? 0) + row.n;
    if (row.outcome) outcomes[row.outcome] = (outcomes[row.outcome] ?? 0) + row.n;
  }
  const f = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM follow_ups WHERE round_id = $1', [roundId]);
  return { households, calls, outcomes, attempts, followUps: f.rows[0]!.n };
}
