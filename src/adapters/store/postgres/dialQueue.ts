/**
 * The durable dial queue: claiming due calls under a lease with global pacing,
 * recording placement, giving back calls the carrier refused, finding expired leases
 * and completing rounds. Every function takes its executor (pool or client).
 */
import type pg from 'pg';
import { assignSlots, type SlotKey } from '../../../core/pacing/slots.js';
import { withTransaction, type Executor } from './database.js';

export interface RunningRound {
  id: number;
  cps: number;
  lines: number;
  windowStart: string;
  windowEnd: string;
  timezone: string;
  status: string;
}

export async function runningRounds(db: Executor): Promise<RunningRound[]> {
  const r = await db.query<RunningRound>(
    `SELECT r.id, r.cps, r.lines, r.status, to_char(r.window_start, 'HH24:MI') AS "windowStart",
            to_char(r.window_end, 'HH24:MI') AS "windowEnd", c.timezone
       FROM rounds r JOIN communities c ON c.id = r.community_id WHERE r.status = 'running' ORDER BY r.id`,
  );
  return r.rows;
}

export interface ClaimedCall {
  callId: number;
  attemptId: number;
  /** Counted attempts of the call including this one. */
  attemptNo: number;
  residentId: number;
  phone: string;
  /** When this call may be dialled (ms since epoch). */
  slotAt: number;
}

export interface ClaimOptions {
  roundId: number;
  owner: string;
  provider: string;
  leaseSeconds: number;
  accountCps: number;
  accountLines: number;
  batch: number;
  lookaheadMs: number;
  /** Jitter room per second of dials (ms); see core/pacing/slots.ts. */
  marginMs?: number;
}

interface PacingLock {
  lines: number;
  /** Database clock, ms since epoch. */
  now: number;
  keys: SlotKey[];
  /** Stores the keys' next free slot times. */
  save(nextAt: number[]): Promise<unknown>;
}

/**
 * Locks the round and its pacing rows for slot assignment, always in the order round,
 * account, round-pacing, so that claimers and re-slotters never deadlock. Null when the
 * round is not running.
 */
async function lockPacing(client: pg.PoolClient, roundId: number, provider: string, accountCps: number): Promise<PacingLock | null> {
  const round = await client.query<{ status: string; cps: number; lines: number; now_ms: number }>(
    `SELECT status, cps, lines, extract(epoch FROM clock_timestamp()) * 1000 AS now_ms FROM rounds WHERE id = $1 FOR UPDATE`,
    [roundId],
  );
  const r = round.rows[0];
  if (!r || r.status !== 'running') return null;
  const names = [`account:${provider}`, `round:${roundId}`];
  await client.query(`INSERT INTO pacing (key) VALUES ($1), ($2) ON CONFLICT (key) DO NOTHING`, names);
  const pace = await client.query<{ key: string; next_ms: number }>(
    `SELECT key, extract(epoch FROM next_at) * 1000 AS next_ms FROM pacing WHERE key = ANY($1) ORDER BY key FOR UPDATE`,
    [names],
  );
  const nextOf = (k: string) => Number(pace.rows.find((p) => p.key === k)!.next_ms);
  return {
    lines: r.lines,
    now: Number(r.now_ms),
    keys: [
      { nextAt: nextOf(names[0]!), cps: accountCps },
      { nextAt: nextOf(names[1]!), cps: Number(r.cps) },
    ],
    save: (nextAt) =>
      client.query(
        `UPDATE pacing SET next_at = to_timestamp(v.ms / 1000.0), updated_at = now()
           FROM unnest($1::text[], $2::float8[]) AS v(key, ms) WHERE pacing.key = v.key`,
        [names, nextAt],
      ),
  };
}

/**
 * Claims due calls of one running round in one transaction: locks the round and the
 * pacing rows, counts lines in use, takes as many calls as free lines and pacing slots
 * within the look-ahead allow (FOR UPDATE SKIP LOCKED), creates their attempt rows
 * before anything is dialled, and advances the shared slot clocks.
 */
export async function claimCalls(pool: pg.Pool, o: ClaimOptions): Promise<ClaimedCall[]> {
  return withTransaction(pool, async (client) => {
    const pacing = await lockPacing(client, o.roundId, o.provider, o.accountCps);
    if (!pacing) return [];
    const live = await client.query<{ round_live: number; account_live: number }>(
      `SELECT count(*) FILTER (WHERE round_id = $1)::int AS round_live, count(*)::int AS account_live
         FROM calls WHERE status IN ('dialing', 'in_progress')`,
      [o.roundId],
    );
    const freeLines = Math.min(pacing.lines - live.rows[0]!.round_live, o.accountLines - live.rows[0]!.account_live);
    const possible = assignSlots(pacing.now, pacing.keys, Math.min(freeLines, o.batch), pacing.now + o.lookaheadMs, o.marginMs).slots.length;
    if (possible <= 0) return [];
    const claimed = await client.query<{ id: number; attempts: number; resident_id: number; phone: string }>(
      `WITH picked AS (
         SELECT c.id FROM calls c JOIN residents res ON res.id = c.resident_id
          WHERE c.round_id = $1 AND c.status = 'pending' AND c.next_attempt_at <= now() AND NOT res.do_not_call
            AND NOT EXISTS (SELECT 1 FROM calls l WHERE l.resident_id = c.resident_id AND l.status IN ('dialing', 'in_progress'))
          ORDER BY c.next_attempt_at, c.id
          LIMIT $2
          FOR UPDATE OF c SKIP LOCKED)
       UPDATE calls c SET status = 'dialing', attempts = c.attempts + 1, lease_owner = $3,
              lease_expires_at = now() + make_interval(secs => $4), updated_at = now()
         FROM picked, residents res
        WHERE c.id = picked.id AND res.id = c.resident_id
       RETURNING c.id, c.attempts, c.resident_id, res.phone`,
      [o.roundId, possible, o.owner, o.leaseSeconds],
    );
    const rows = claimed.rows.sort((a, b) => a.id - b.id);
    if (rows.length === 0) return [];
    // attempt_no numbers every dial of the call, including ones that never reached the
    // carrier; calls.attempts counts only those that did (for the max-attempts policy).
    const attempts = await client.query<{ id: number; call_id: number }>(
      `INSERT INTO attempts (call_id, attempt_no, provider)
       SELECT t.call_id, coalesce((SELECT max(a.attempt_no) FROM attempts a WHERE a.call_id = t.call_id), 0) + 1, $2
         FROM unnest($1::bigint[]) AS t(call_id)
       RETURNING id, call_id`,
      [rows.map((x) => x.id), o.provider],
    );
    const attemptOf = new Map(attempts.rows.map((a) => [a.call_id, a.id]));
    const { slots, nextAt } = assignSlots(pacing.now, pacing.keys, rows.length, Number.POSITIVE_INFINITY, o.marginMs);
    await pacing.save(nextAt);
    return rows.map((x, i) => ({ callId: x.id, attemptId: attemptOf.get(x.id)!, attemptNo: x.attempts, residentId: x.resident_id, phone: x.phone, slotAt: slots[i]! }));
  });
}

/**
 * New slots for claimed calls whose dial time passed before they could leave (a busy
 * event loop): sending them late could put more than cps dials in one second next to
 * other dialers' punctual ones. One transaction for the batch. Returns null when the round is no longer running (the caller gives them back).
 */
export async function reslot(pool: pg.Pool, o: { roundId: number; provider: string; accountCps: number; count: number; marginMs?: number }): Promise<number[] | null> {
  return withTransaction(pool, async (client) => {
    const pacing = await lockPacing(client, o.roundId, o.provider, o.accountCps);
    if (!pacing) return null;
    const { slots, nextAt } = assignSlots(pacing.now, pacing.keys, o.count, Number.POSITIVE_INFINITY, o.marginMs);
    await pacing.save(nextAt);
    return slots;
  });
}

/** Gives back a claimed call that was never sent (round paused or cancelled meanwhile): as if never claimed. */
export async function unclaim(db: Executor, attemptId: number): Promise<void> {
  await db.query(
    `WITH a AS (DELETE FROM attempts WHERE id = $1 AND status = 'created' AND provider_call_id IS NULL RETURNING call_id)
     UPDATE calls SET status = CASE WHEN (SELECT status FROM rounds WHERE id = calls.round_id) = 'cancelled' THEN 'cancelled' ELSE 'pending' END,
            attempts = attempts - 1, lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
       FROM a WHERE calls.id = a.call_id AND calls.status = 'dialing'`,
    [attemptId],
  );
}

/**
 * Records that the carrier accepted these calls (one statement for a batch). Webhooks
 * may have come first (they carry the CallSid too), so this only fills what is
 * missing, and extends the leases of calls still live. Returns the placements whose
 * attempt a reconciler had declared lost meanwhile: the caller must hang those up.
 */
export async function markPlaced(db: Executor, placed: { attemptId: number; providerCallId: string }[], leaseSeconds: number): Promise<{ attemptId: number; providerCallId: string }[]> {
  if (placed.length === 0) return [];
  const r = await db.query<{ attemptId: number; providerCallId: string }>({
    name: 'tiwen-mark-placed',
    text: `WITH v AS (SELECT * FROM unnest($1::bigint[], $2::text[]) AS v(id, sid)),
     a AS (
       UPDATE attempts SET provider_call_id = coalesce(attempts.provider_call_id, v.sid),
              status = CASE WHEN attempts.status = 'created' THEN 'queued' ELSE attempts.status END,
              placed_at = coalesce(attempts.placed_at, now())
         FROM v WHERE attempts.id = v.id AND attempts.status <> 'lost' RETURNING attempts.id, attempts.call_id, attempts.ended_at),
     c AS (
       UPDATE calls SET lease_expires_at = now() + make_interval(secs => $3), updated_at = now()
         FROM a WHERE calls.id = a.call_id AND a.ended_at IS NULL AND calls.status IN ('dialing', 'in_progress'))
     SELECT v.id AS "attemptId", v.sid AS "providerCallId" FROM v WHERE v.id NOT IN (SELECT id FROM a)`,
    values: [placed.map((p) => p.attemptId), placed.map((p) => p.providerCallId), leaseSeconds],
  });
  return r.rows;
}

/**
 * The carrier never took the call (refused, unreachable): the attempt ends without
 * counting, and the call goes back to the queue after `retryAfterSeconds`, or ends
 * as unreachable when `final` (the carrier says the number cannot be dialled).
 */
export async function releaseUnplaced(
  db: Executor,
  attemptId: number,
  error: string,
  next: { final: false; retryAfterSeconds: number } | { final: true },
): Promise<void> {
  await db.query(
    `WITH a AS (
       UPDATE attempts SET status = 'failed', error = $2, ended_at = now(), result = $3
        WHERE id = $1 AND ended_at IS NULL RETURNING call_id)
     UPDATE calls SET
       status = CASE WHEN $4 THEN 'done' ELSE 'pending' END,
       outcome = CASE WHEN $4 THEN 'unreachable' ELSE outcome END,
       attempts = CASE WHEN $4 THEN attempts ELSE attempts - 1 END,
       next_attempt_at = now() + make_interval(secs => $5),
       lease_owner = NULL, lease_expires_at = NULL, last_error = $2, updated_at = now(),
       finished_at = CASE WHEN $4 THEN now() ELSE NULL END
       FROM a WHERE calls.id = a.call_id AND calls.status = 'dialing'`,
    [attemptId, error, next.final ? 'carrier_refused' : 'carrier_busy', next.final, next.final ? 0 : next.retryAfterSeconds],
  );
}

export interface ExpiredCall {
  callId: number;
  roundId: number;
  status: 'dialing' | 'in_progress';
  phone: string;
  attemptId: number | null;
  providerCallId: string | null;
  attemptCreatedAt: Date | null;
}

/** Takes over calls whose lease expired (their dialer died or a callback was lost). */
export async function claimExpired(db: Executor, owner: string, leaseSeconds: number, limit: number): Promise<ExpiredCall[]> {
  const r = await db.query<ExpiredCall>(
    `WITH expired AS (
       SELECT id FROM calls WHERE status IN ('dialing', 'in_progress') AND lease_expires_at < now()
        ORDER BY lease_expires_at LIMIT $3 FOR UPDATE SKIP LOCKED)
     UPDATE calls c SET lease_owner = $1, lease_expires_at = now() + make_interval(secs => $2), updated_at = now()
       FROM expired WHERE c.id = expired.id
     RETURNING c.id AS "callId", c.round_id AS "roundId", c.status,
       (SELECT phone FROM residents WHERE id = c.resident_id) AS phone,
       (SELECT id FROM attempts WHERE call_id = c.id AND ended_at IS NULL) AS "attemptId",
       (SELECT provider_call_id FROM attempts WHERE call_id = c.id AND ended_at IS NULL) AS "providerCallId",
       (SELECT created_at FROM attempts WHERE call_id = c.id AND ended_at IS NULL) AS "attemptCreatedAt"`,
    [owner, leaseSeconds, limit],
  );
  return r.rows;
}

/**
 * The carrier may or may not have the call (a 5xx or a timeout after sending): let
 * the lease run out soon, so that a reconciler asks the carrier within seconds rather
 * than after a whole lease.
 */
export async function reconcileSoon(db: Executor, callId: number, seconds: number): Promise<void> {
  await db.query(
    `UPDATE calls SET lease_expires_at = now() + make_interval(secs => $2), updated_at = now() WHERE id = $1 AND status IN ('dialing', 'in_progress')`,
    [callId, seconds],
  );
}

/** Adopts the carrier's id for an attempt found at the carrier during reconciliation. */
export async function adoptProviderCallId(db: Executor, attemptId: number, providerCallId: string): Promise<void> {
  await db.query(`UPDATE attempts SET provider_call_id = coalesce(provider_call_id, $2), placed_at = coalesce(placed_at, created_at) WHERE id = $1`, [attemptId, providerCallId]);
}

/** Which of these carrier ids an attempt already carries. */
export async function ownedProviderCallIds(db: Executor, providerCallIds: string[]): Promise<Set<string>> {
  if (providerCallIds.length === 0) return new Set();
  const r = await db.query<{ sid: string }>(`SELECT provider_call_id AS sid FROM attempts WHERE provider_call_id = ANY($1::text[])`, [providerCallIds]);
  return new Set(r.rows.map((x) => x.sid));
}

/** The carrier has no trace of the attempt: it was never placed; the call may be dialled again. */
export async function markLost(db: Executor, attemptId: number): Promise<void> {
  await db.query(
    `WITH a AS (
       UPDATE attempts SET status = 'lost', ended_at = now(), result = 'lost', error = 'never reached the carrier'
        WHERE id = $1 AND ended_at IS NULL AND provider_call_id IS NULL RETURNING call_id)
     UPDATE calls SET status = 'pending', attempts = attempts - 1, next_attempt_at = now(),
            lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
       FROM a WHERE calls.id = a.call_id`,
    [attemptId],
  );
}

/** A live call without an open attempt (should not happen; repaired defensively). */
export async function requeueOrphan(db: Executor, callId: number): Promise<void> {
  await db.query(
    `UPDATE calls SET status = 'pending', attempts = greatest(attempts - 1, 0), lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
      WHERE id = $1 AND status IN ('dialing', 'in_progress') AND NOT EXISTS (SELECT 1 FROM attempts WHERE call_id = $1 AND ended_at IS NULL)`,
    [callId],
  );
}

/**
 * Cancels pending calls of running rounds whose household became do-not-call, then
 * marks running rounds with no call left to place or in flight as completed.
 */
export async function completeFinishedRounds(db: Executor): Promise<number[]> {
  await db.query(
    `UPDATE calls c SET status = 'cancelled', updated_at = now(), finished_at = now(), last_error = 'do-not-call'
       FROM residents res, rounds r
      WHERE res.id = c.resident_id AND r.id = c.round_id AND r.status = 'running' AND c.status = 'pending' AND res.do_not_call`,
  );
  const r = await db.query<{ id: number }>(
    `UPDATE rounds r SET status = 'completed', finished_at = now()
      WHERE status = 'running'
        AND NOT EXISTS (SELECT 1 FROM calls c WHERE c.round_id = r.id AND c.status IN ('pending', 'dialing', 'in_progress'))
     RETURNING id`,
  );
  return r.rows.map((x) => x.id);
}
