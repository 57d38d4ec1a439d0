import { claimCalls, completeFinishedRounds, markLost, markPlaced, releaseUnplaced, claimExpired, type ClaimOptions } from '../../../../src/adapters/store/postgres/dialQueue.js';
import { DEFAULT_MARGIN_MS } from '../../../../src/core/pacing/slots.js';
import { createTestDatabase, type TestDatabase } from '../../../helpers/db.js';
import { seedRound } from '../../../helpers/fixtures.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const opts = (roundId: number, over: Partial<ClaimOptions> = {}): ClaimOptions => ({
  roundId,
  owner: 'test-dialer',
  provider: `test-${roundId}`,
  leaseSeconds: 60,
  accountCps: 1000,
  accountLines: 1000,
  batch: 100,
  lookaheadMs: 1000,
  ...over,
});

describe('claimCalls', () => {
  test('claims no more calls than the round has lines, creating one attempt per call', async () => {
    const { roundId } = await seedRound(db.pool, { community: 'lines', households: 20, lines: 4, cps: 100 });
    const claimed = await claimCalls(db.pool, opts(roundId));
    expect(claimed).toHaveLength(4);
    const attempts = await db.pool.query('SELECT call_id, attempt_no, status FROM attempts WHERE call_id = ANY($1)', [claimed.map((c) => c.callId)]);
    expect(attempts.rows).toHaveLength(4);
    expect(attempts.rows.every((a) => a.attempt_no === 1 && a.status === 'created')).toBe(true);
    expect(await claimCalls(db.pool, opts(roundId))).toHaveLength(0);
  });

  test('slots are spaced by 1/cps (with the safety margin), across consecutive claims', async () => {
    const { roundId } = await seedRound(db.pool, { community: 'cps', households: 50, lines: 100, cps: 5, phoneBase: 17100000000 });
    const a = await claimCalls(db.pool, opts(roundId, { lookaheadMs: 1000 }));
    const b = await claimCalls(db.pool, opts(roundId, { lookaheadMs: 2000 }));
    const slots = [...a, ...b].map((c) => c.slotAt);
    expect(a.length).toBeGreaterThanOrEqual(5);
    expect(a.length).toBeLessThanOrEqual(6);
    for (let i = 1; i < slots.length; i++) expect(slots[i]! - slots[i - 1]!).toBeCloseTo((1000 + DEFAULT_MARGIN_MS) / 5, 3);
  });

  test('the account cap applies across rounds', async () => {
    const r1 = await seedRound(db.pool, { community: 'acct1', households: 10, lines: 10, cps: 100, phoneBase: 17200000000 });
    const r2 = await seedRound(db.pool, { community: 'acct2', households: 10, lines: 10, cps: 100, phoneBase: 17300000000 });
    const shared = { provider: 'shared-account', accountLines: 1000 };
    const live = (await db.pool.query(`SELECT count(*)::int AS n FROM calls WHERE status IN ('dialing','in_progress')`)).rows[0].n;
    const a = await claimCalls(db.pool, opts(r1.roundId, { ...shared, accountLines: live + 6 }));
    const b = await claimCalls(db.pool, opts(r2.roundId, { ...shared, accountLines: live + 6 }));
    expect(a.length + b.length).toBe(6);
  });

  test('concurrent claimers never take the same call', async () => {
    const { roundId } = await seedRound(db.pool, { community: 'race', households: 200, lines: 200, cps: 1000, phoneBase: 17400000000 });
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => claimCalls(db.pool, opts(roundId, { owner: `d${i}`, batch: 40 }))));
    const ids = results.flat().map((c) => c.callId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(200);
  });

  test('do-not-call households and households with a live call elsewhere are skipped', async () => {
    const first = await seedRound(db.pool, { community: 'skip', households: 3, lines: 10, cps: 100, phoneBase: 17500000000 });
    await db.pool.query('UPDATE residents SET do_not_call = true WHERE id = $1', [first.residentIds[0]]);
    const claimedFirst = await claimCalls(db.pool, opts(first.roundId));
    expect(claimedFirst.map((c) => c.residentId).sort()).toEqual(first.residentIds.slice(1).sort());
    // A second round over the same households: those two are live in round one.
    const second = await db.pool.query<{ id: number }>(
      `INSERT INTO rounds (community_id, status, window_start, window_end, max_attempts, cps, lines) VALUES ($1,'running','00:00','24:00',3,100,10) RETURNING id`,
      [first.communityId],
    );
    await db.pool.query('INSERT INTO calls (round_id, resident_id) SELECT $1, unnest($2::bigint[])', [second.rows[0]!.id, first.residentIds]);
    expect(await claimCalls(db.pool, opts(second.rows[0]!.id))).toHaveLength(0);
  });

  test('a paused round gives nothing', async () => {
    const { roundId } = await seedRound(db.pool, { community: 'paused', households: 3, status: 'paused', phoneBase: 17600000000 });
    expect(await claimCalls(db.pool, opts(roundId))).toEqual([]);
  });
});

describe('after the claim', () => {
  test('carrier refusal gives the call back without using an attempt', async () => {
    const { roundId } = await seedRound(db.pool, { community: 'refused', households: 1, phoneBase: 17700000000 });
    const [c] = await claimCalls(db.pool, opts(roundId));
    await releaseUnplaced(db.pool, c!.attemptId, 'HTTP 429', { final: false, retryAfterSeconds: 30 });
    const call = (await db.pool.query('SELECT status, attempts, next_attempt_at > now() + interval \'20 seconds\' AS later FROM calls WHERE id = $1', [c!.callId])).rows[0];
    expect(call).toEqual({ status: 'pending', attempts: 0, later: true });
  });

  test('an attempt lost before reaching the carrier is requeued; a late placement is refused', async () => {
    const { roundId } = await seedRound(db.pool, { community: 'lost', households: 1, phoneBase: 17800000000 });
    const [c] = await claimCalls(db.pool, opts(roundId, { leaseSeconds: 0 }));
    const expired = await claimExpired(db.pool, 'reconciler', 30, 10);
    expect(expired.map((e) => e.callId)).toContain(c!.callId);
    await markLost(db.pool, c!.attemptId);
    expect((await db.pool.query('SELECT status, attempts FROM calls WHERE id = $1', [c!.callId])).rows[0]).toEqual({ status: 'pending', attempts: 0 });
    expect(await markPlaced(db.pool, [{ attemptId: c!.attemptId, providerCallId: 'CAlate' }], 60)).toEqual([{ attemptId: c!.attemptId, providerCallId: 'CAlate' }]);
    // Dialled again: a new attempt row, still the first counted attempt.
    const [again] = await claimCalls(db.pool, opts(roundId));
    expect(again!.callId).toBe(c!.callId);
    expect(again!.attemptNo).toBe(1);
    const rows = await db.pool.query('SELECT attempt_no, status FROM attempts WHERE call_id = $1 ORDER BY attempt_no', [c!.callId]);
    expect(rows.rows).toEqual([{ attempt_no: 1, status: 'lost' }, { attempt_no: 2, status: 'created' }]);
  });

  test('a round with nothing left completes', async () => {
    const { roundId } = await seedRound(db.pool, { community: 'complete', households: 1, phoneBase: 17900000000 });
    await db.pool.query(`UPDATE calls SET status = 'done', outcome = 'no_fever' WHERE round_id = $1`, [roundId]);
    expect(await completeFinishedRounds(db.pool)).toContain(roundId);
    expect((await db.pool.query('SELECT status FROM rounds WHERE id = $1', [roundId])).rows[0].status).toBe('completed');
  });
});
