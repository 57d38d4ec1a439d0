import type pg from 'pg';
import { CallEvents, MAX_RACE_PASSES } from '../../src/app/callEvents.js';
import { loadPrompts } from '../../src/app/prompts.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { claimCalls } from '../../src/adapters/store/postgres/dialQueue.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { seedRound } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/files.js';

const tmp = tempDir();
let db: TestDatabase;
let events: CallEvents;
let seq = 0;

beforeAll(async () => {
  db = await createTestDatabase();
  events = new CallEvents({ pool: db.pool, config: loadConfig({}, tmp.dir), logger: silentLogger(), prompts: loadPrompts() });
});
afterAll(async () => {
  await db.drop();
  tmp.cleanup();
});

/** One household in a fresh round, claimed: returns its attempt. */
async function claimedAttempt(maxAttempts = 3) {
  seq += 1;
  const { roundId } = await seedRound(db.pool, { community: `c${seq}`, households: 1, maxAttempts, phoneBase: 17000000000 + seq * 1000 });
  const [c] = await claimCalls(db.pool, { roundId, owner: 't', provider: `p${seq}`, leaseSeconds: 60, accountCps: 100, accountLines: 100, batch: 10, lookaheadMs: 1000 });
  return { ...c!, roundId };
}

const call = async (callId: number) =>
  (await db.pool.query('SELECT c.status, c.outcome, c.temperature_c, c.attempts, r.last_status, r.last_temperature_c FROM calls c JOIN residents r ON r.id = c.resident_id WHERE c.id = $1', [callId])).rows[0];

describe('call events', () => {
  test('a fever conversation: answer, replies, final callback -> register written back, follow-up with transcript', async () => {
    const a = await claimedAttempt();
    const start = await events.answer(a.attemptId, 'CA1', 'human');
    expect(start.turn).toBe(0);
    expect(start.actions[0]).toMatchObject({ type: 'listen', key: 'fever_question' });
    const r1 = await events.reply(a.attemptId, 0, { text: '有,我儿子发烧了', confidence: 0.9, raw: {} });
    expect(r1.actions[0]).toMatchObject({ type: 'listen', key: 'temperature_question' });
    const r2 = await events.reply(a.attemptId, 1, { text: '三十八度五', raw: {} });
    expect(r2.actions[0]).toMatchObject({ type: 'listen', key: 'temperature_confirm' });
    const r3 = await events.reply(a.attemptId, 2, { text: '', digits: '1', raw: {} });
    expect(r3.actions.at(-1)).toEqual({ type: 'hangup' });
    expect(await call(a.callId)).toMatchObject({ status: 'in_progress' });
    const decision = await events.finish(a.attemptId, { providerCallId: 'CA1', status: 'completed', durationSeconds: 40, answeredBy: 'human' });
    expect(decision).toMatchObject({ action: 'done', outcome: 'fever' });
    expect(await call(a.callId)).toEqual({ status: 'done', outcome: 'fever', temperature_c: 38.5, attempts: 1, last_status: 'fever', last_temperature_c: 38.5 });
    const f = await db.pool.query('SELECT reason, temperature_c, transcript FROM follow_ups WHERE call_id = $1', [a.callId]);
    expect(f.rows[0]).toMatchObject({ reason: 'fever', temperature_c: 38.5 });
    expect(f.rows[0].transcript).toMatch(/答:有,我儿子发烧了[\s\S]*答:三十八度五[\s\S]*答:按键 1/);
    const turns = await db.pool.query('SELECT seq, prompt FROM turns WHERE attempt_id = $1 ORDER BY seq', [a.attemptId]);
    expect(turns.rows).toEqual([
      { seq: 1, prompt: 'fever_question' },
      { seq: 2, prompt: 'temperature_question' },
      { seq: 3, prompt: 'temperature_confirm' },
    ]);
  });

  test('a duplicated gather request is not applied twice: it re-asks the pending question', async () => {
    const a = await claimedAttempt();
    await events.answer(a.attemptId, 'CA2', 'human');
    await events.reply(a.attemptId, 0, { text: '你说啥', raw: {} });
    const again = await events.reply(a.attemptId, 0, { text: '你说啥', raw: {} });
    expect(again.turn).toBe(1);
    expect(again.actions[0]).toMatchObject({ type: 'listen', key: 'fever_question_retry' });
    const turns = await db.pool.query('SELECT count(*)::int AS n FROM turns WHERE attempt_id = $1', [a.attemptId]);
    expect(turns.rows[0].n).toBe(1);
  });

  test('duplicated and reordered status callbacks change nothing after the final one', async () => {
    const a = await claimedAttempt();
    expect(await events.finish(a.attemptId, { providerCallId: 'CA3', status: 'busy', durationSeconds: 0, answeredBy: null })).toMatchObject({ action: 'retry' });
    const snapshot = async () => ({
      call: await call(a.callId),
      attempt: (await db.pool.query('SELECT status, ended_at, result FROM attempts WHERE id = $1', [a.attemptId])).rows[0],
    });
    const after = await snapshot();
    expect(after.call).toMatchObject({ status: 'pending', attempts: 1 });
    expect(await events.finish(a.attemptId, { providerCallId: 'CA3', status: 'busy', durationSeconds: 0, answeredBy: null })).toBeNull();
    expect(await events.finish(a.attemptId, { providerCallId: 'CA3', status: 'completed', durationSeconds: 5, answeredBy: null })).toBeNull();
    expect(await snapshot()).toEqual(after);
    expect((await events.answer(a.attemptId, 'CA3', 'human')).actions).toEqual([{ type: 'hangup' }]);
  });

  test('no answer on the last attempt -> unreachable with a follow-up for a door visit', async () => {
    const a = await claimedAttempt(1);
    expect(await events.finish(a.attemptId, { providerCallId: 'CA4', status: 'no-answer', durationSeconds: 0, answeredBy: null })).toMatchObject({ action: 'done', outcome: 'unreachable' });
    expect(await call(a.callId)).toMatchObject({ status: 'done', outcome: 'unreachable', last_status: 'unreachable' });
    expect((await db.pool.query('SELECT reason FROM follow_ups WHERE call_id = $1', [a.callId])).rows).toEqual([{ reason: 'unreachable' }]);
  });

  test('voicemail: hang up and dial again later', async () => {
    const a = await claimedAttempt();
    const r = await events.answer(a.attemptId, 'CA5', 'machine');
    expect(r.actions).toEqual([{ type: 'hangup' }]);
    expect(await events.finish(a.attemptId, { providerCallId: 'CA5', status: 'completed', durationSeconds: 3, answeredBy: 'machine_start' })).toMatchObject({ action: 'retry', reason: 'voicemail' });
  });

  test('a resident who hangs up after saying there is a fever is still a fever', async () => {
    const a = await claimedAttempt();
    await events.answer(a.attemptId, 'CA6', 'human');
    await events.reply(a.attemptId, 0, { text: '我老伴在发烧', raw: {} });
    expect(await events.finish(a.attemptId, { providerCallId: 'CA6', status: 'completed', durationSeconds: 9, answeredBy: 'human' })).toMatchObject({ action: 'done', outcome: 'fever' });
  });
});

/** The pool, counting the statements sent through it by name (or text). */
function countingPool(pool: pg.Pool): { pool: pg.Pool; sent: string[] } {
  const sent: string[] = [];
  const proxy = new Proxy(pool, {
    get(target, prop) {
      if (prop === 'query') {
        return (q: string | pg.QueryConfig, values?: unknown[]) => {
          sent.push(typeof q === 'string' ? q : (q.name ?? q.text));
          return target.query(q, values);
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { pool: proxy, sent };
}

describe('remembered attempts', () => {
  const config = () => loadConfig({}, tmp.dir);
  const newEvents = (pool: pg.Pool) => new CallEvents({ pool, config: config(), logger: silentLogger(), prompts: loadPrompts() });

  test('a claimed call the dialer announced is answered, heard and ended without reading the attempt; then forgotten', async () => {
    const counted = countingPool(db.pool);
    const own = newEvents(counted.pool);
    const a = await claimedAttempt();
    await own.expect(a.roundId, [a]);
    counted.sent.length = 0;

    expect((await own.answer(a.attemptId, 'CR1', 'human')).actions[0]).toMatchObject({ type: 'listen', key: 'fever_question' });
    expect((await own.reply(a.attemptId, 0, { text: '有,我儿子发烧了', raw: {} })).actions[0]).toMatchObject({ type: 'listen', key: 'temperature_question' });
    expect(own.remembered).toBe(1);
    expect(await own.finish(a.attemptId, { providerCallId: 'CR1', status: 'completed', durationSeconds: 20, answeredBy: 'human' })).toMatchObject({ action: 'done', outcome: 'fever' });

    expect(counted.sent).toEqual(['tiwen-record-answer', 'tiwen-record-turn', 'tiwen-end-done']);
    expect(own.remembered).toBe(0);
    expect(await call(a.callId)).toMatchObject({ status: 'done', outcome: 'fever', last_status: 'fever' });
  });

  test('events another server applied are not overridden by what this one remembers from the claim', async () => {
    const own = newEvents(db.pool);
    const other = newEvents(db.pool);
    const a = await claimedAttempt();
    await own.expect(a.roundId, [a]);

    // The carrier sent the answer and the reply to another server, and the end to this one.
    await other.answer(a.attemptId, 'CR2', 'human');
    await other.reply(a.attemptId, 0, { text: '我老伴在发烧', raw: {} });

    // Decided from the stored dialogue, a fever, not from the claim (nothing heard).
    expect(await own.finish(a.attemptId, { providerCallId: 'CR2', status: 'completed', durationSeconds: 15, answeredBy: 'human' })).toMatchObject({ action: 'done', outcome: 'fever' });
    expect(await call(a.callId)).toMatchObject({ status: 'done', outcome: 'fever' });
  });

  test('a retried gather that another server applied meanwhile re-asks what is pending and stores nothing', async () => {
    const own = newEvents(db.pool);
    const other = newEvents(db.pool);
    const a = await claimedAttempt();
    await own.expect(a.roundId, [a]);
    await own.answer(a.attemptId, 'CR5', 'human');
    await other.reply(a.attemptId, 0, { text: '有,我儿子发烧了', raw: {} });

    const again = await own.reply(a.attemptId, 0, { text: '没有', raw: {} });

    expect(again).toMatchObject({ turn: 1, actions: [expect.objectContaining({ key: 'temperature_question' })] });
    expect((await db.pool.query('SELECT count(*)::int AS n FROM turns WHERE attempt_id = $1', [a.attemptId])).rows[0].n).toBe(1);
  });

  test('an answer recorded elsewhere is seen when this server ends the call', async () => {
    const own = newEvents(db.pool);
    const other = newEvents(db.pool);
    const a = await claimedAttempt();
    await own.expect(a.roundId, [a]);
    await other.answer(a.attemptId, 'CR3', 'human');
    await other.reply(a.attemptId, 0, { text: '没有没有,都挺好', confidence: 0.9, raw: {} });

    expect(await own.finish(a.attemptId, { providerCallId: 'CR3', status: 'completed', durationSeconds: 8, answeredBy: 'human' })).toMatchObject({ action: 'done', outcome: 'no_fever' });
  });

  test('a dialer-only process (no webhooks) remembers nothing it claims', async () => {
    const dialerOnly = new CallEvents({ pool: db.pool, config: config(), logger: silentLogger(), prompts: loadPrompts(), rememberClaims: false });
    const a = await claimedAttempt();

    await dialerOnly.expect(a.roundId, [a]);

    expect(dialerOnly.remembered).toBe(0);
  });

  test('a duplicated end reaching two servers is applied once', async () => {
    const own = newEvents(db.pool);
    const other = newEvents(db.pool);
    const a = await claimedAttempt();
    await own.expect(a.roundId, [a]);
    await other.expect(a.roundId, [a]);
    const end = { providerCallId: 'CR4', status: 'busy' as const, durationSeconds: 0, answeredBy: null };

    const results = await Promise.all([own.finish(a.attemptId, end), other.finish(a.attemptId, end)]);

    expect(results.filter((r) => r !== null)).toEqual([expect.objectContaining({ action: 'retry' })]);
    expect(await call(a.callId)).toMatchObject({ status: 'pending', attempts: 1 });
  });

  test('an event that keeps losing its race gives up with an error after a bounded number of passes', async () => {
    const a = await claimedAttempt();
    // Something keeps the attempt from changing (here a trigger that drops every update of
    // it): each pass reads it unanswered, fails to record the answer, and tries again.
    await db.pool.query(`CREATE OR REPLACE FUNCTION tiwen_test_freeze() RETURNS trigger AS $$ BEGIN RETURN NULL; END $$ LANGUAGE plpgsql`);
    await db.pool.query(`CREATE TRIGGER tiwen_test_freeze BEFORE UPDATE ON attempts FOR EACH ROW WHEN (OLD.id = ${Number(a.attemptId)}) EXECUTE FUNCTION tiwen_test_freeze()`);
    try {
      await expect(newEvents(db.pool).answer(a.attemptId, 'CA-frozen', 'human')).rejects.toThrow(new RegExp(`lost the race to another request ${MAX_RACE_PASSES} times`));
    } finally {
      await db.pool.query(`DROP TRIGGER tiwen_test_freeze ON attempts`);
    }
  });
});
