/**
 * A whole round end to end in one process: real PostgreSQL, the HTTP server with
 * signed webhooks, the dialer, the official twilio SDK and the carrier simulator
 * injecting duplicated and reordered callbacks.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger, silentLogger } from '../../src/log.js';
import { changeRound, createRound, roundStatus } from '../../src/app/rounds.js';
import { setupCarrier, type Carrier, type Server } from '../../src/app/runtime.js';
import type { Dialer } from '../../src/app/dialer.js';
import { parseScenario } from '../../src/adapters/telephony/simulator/index.js';
import { expectedSignature } from '../../src/adapters/telephony/twilio/signature.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { tempDir } from '../helpers/files.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';
import { importResidents } from '../../src/app/importResidents.js';

const tmp = tempDir();
let db: TestDatabase;
let carrier: Carrier;
let server: Server;
let dialer: Dialer;
let stack: Stack;
let config: Config;
const callLog = path.join(tmp.dir, 'calls.jsonl');
const HOUSEHOLDS = 60;

const scenario = parseScenario({
  seed: 7,
  outcomes: { answered: 0.8, busy: 0.1, no_answer: 0.1 },
  timing: { speed: 1000 },
  questions: [
    { key: 'confirm', match: '对吗' },
    { key: 'keypad', match: '请按1' },
    { key: 'temperature', match: '多少度' },
  ],
  personas: [
    { name: 'healthy', weight: 5, answers: { default: [{ text: '没有', confidence: 0.9 }] } },
    { name: 'fever', weight: 2, answers: { fever: [{ text: '有,我老伴发烧了' }], temperature: [{ text: '三十八度五' }], confirm: [{ digits: '1' }] } },
    { name: 'keypad', weight: 1, answers: { fever: [{ silence: true }], keypad: [{ digits: '1' }], temperature: [{ text: '三十九度' }], confirm: [{ text: '对' }] } },
    { name: 'wrong', weight: 1, answers: { default: [{ text: '你打错了吧' }] } },
  ],
  carrier: { cps: null, lines: null },
  faults: { callbackDuplicateRate: 0.3, callbackReorderRate: 0.3 },
});

beforeAll(async () => {
  db = await createTestDatabase();
  config = loadConfig(
    { DATABASE_URL: db.url, TIWEN_RETRY_BUSY: '0', TIWEN_RETRY_NO_ANSWER: '0', TIWEN_RETRY_VOICEMAIL: '0', TIWEN_RETRY_ERROR_BASE: '0', TIWEN_LOOKAHEAD_MS: '100' },
    tmp.dir,
  );
  const csv = ['姓名,电话,网格', ...Array.from({ length: HOUSEHOLDS }, (_, i) => `住户${i},+86 171 0000 ${String(i).padStart(4, '0')},${i % 2 ? '东' : '西'}网格`)].join('\n');
  await importResidents(db.pool, { file: tmp.file('reg.csv', csv), community: '测试社区', skipInvalid: false, timezone: 'Asia/Shanghai' });
  const logger = process.env.TEST_LOG ? createLogger({ logLevel: 'debug', logFormat: 'json' }) : silentLogger();
  carrier = await setupCarrier(config, logger, { forceSimulator: true, scenario, callLogPath: callLog });
  stack = await startStack({ config, logger, pool: db.pool, carrier });
  ({ server, dialer } = stack);
});

afterAll(async () => {
  await stack.close();
  await db.drop();
  tmp.cleanup();
});

interface LogLine {
  to: string;
  status: string;
  persona: string | null;
  created_at: string;
  ended_at: string;
}

describe('a round end to end through the simulator', () => {
  let roundId: number;

  test('every household ends with an outcome, within the caps', async () => {
    const round = await createRound(db.pool, config, { community: '测试社区', cps: 40, lines: 12, maxAttempts: 3, window: '00:00-24:00' });
    roundId = round.id;
    await changeRound(db.pool, roundId, 'start');
    await waitFor(async () => (await roundStatus(db.pool, roundId)).status === 'completed', 'the round to complete');
    await carrier.simulator!.idle();
    const s = await roundStatus(db.pool, roundId);
    expect(s.calls).toMatchObject({ pending: 0, dialing: 0, in_progress: 0, done: HOUSEHOLDS });
    const stats = carrier.simulator!.stats();
    // Dials by send time: the simulator here shares this test's event loop, so its own
    // arrival timestamps carry that loop's lag (the separate-process bench measures there).
    // The cap is a bound that must hold however loaded the machine; how close the dialer
    // comes to it is a speed figure, measured by `tiwen bench` (pacing), not asserted here.
    expect(dialer.stats().maxPerSecond).toBeLessThanOrEqual(40);
    expect(dialer.stats().maxPerSecond).toBeGreaterThan(0);
    expect(stats.maxActive).toBeLessThanOrEqual(12);
    expect(stats.callbacksDuplicated + stats.callbacksReordered).toBeGreaterThan(0);
  });

  test('the carrier placed exactly the attempts we recorded, never two at once to one number', async () => {
    const log = readFileSync(callLog, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as LogLine);
    const attempts = await db.pool.query<{ phone: string; n: number }>(
      `SELECT res.phone, count(a.id)::int AS n FROM attempts a JOIN calls c ON c.id = a.call_id JOIN residents res ON res.id = c.resident_id
        WHERE c.round_id = $1 AND a.provider_call_id IS NOT NULL GROUP BY res.phone`,
      [roundId],
    );
    const byNumber = new Map<string, LogLine[]>();
    for (const l of log) byNumber.set(l.to, [...(byNumber.get(l.to) ?? []), l]);
    expect(Object.fromEntries([...byNumber].map(([k, v]) => [k, v.length]))).toEqual(Object.fromEntries(attempts.rows.map((r) => [r.phone, r.n])));
    for (const calls of byNumber.values()) {
      const sorted = calls.sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at));
      for (let i = 1; i < sorted.length; i++) expect(Date.parse(sorted[i]!.created_at)).toBeGreaterThanOrEqual(Date.parse(sorted[i - 1]!.ended_at));
      expect(calls.length).toBeLessThanOrEqual(3);
    }
  });

  test('outcomes match what residents said; fevers carry their temperature and a follow-up', async () => {
    const log = readFileSync(callLog, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as LogLine);
    const answered = new Map(log.filter((l) => l.status === 'completed').map((l) => [l.to, l.persona]));
    const calls = await db.pool.query<{ phone: string; outcome: string; temperature_c: number | null; last_status: string; follow_up: string | null }>(
      `SELECT res.phone, c.outcome, c.temperature_c, res.last_status, f.reason AS follow_up
         FROM calls c JOIN residents res ON res.id = c.resident_id LEFT JOIN follow_ups f ON f.call_id = c.id WHERE c.round_id = $1`,
      [roundId],
    );
    const expected: Record<string, [string, number | null, string | null]> = {
      healthy: ['no_fever', null, null],
      fever: ['fever', 38.5, 'fever'],
      keypad: ['fever', 39, 'fever'],
      wrong: ['wrong_number', null, 'wrong_number'],
    };
    let fevers = 0;
    for (const c of calls.rows) {
      expect(c.last_status).toBe(c.outcome);
      const persona = answered.get(c.phone);
      if (persona) {
        expect([c.phone, c.outcome, c.temperature_c, c.follow_up]).toEqual([c.phone, ...expected[persona]!]);
        if (c.outcome === 'fever') fevers++;
      } else {
        expect([c.phone, c.outcome, c.follow_up]).toEqual([c.phone, 'unreachable', 'unreachable']);
      }
    }
    expect(fevers).toBeGreaterThan(0);
    const transcript = await db.pool.query<{ transcript: string }>(`SELECT transcript FROM follow_ups WHERE round_id = $1 AND reason = 'fever' LIMIT 1`, [roundId]);
    expect(transcript.rows[0]!.transcript).toMatch(/问:.*发烧.*答:/);
  });

  test('forged and unsigned webhooks are refused with 403 and change nothing', async () => {
    const a = await db.pool.query<{ id: number }>('SELECT a.id FROM attempts a JOIN calls c ON c.id = a.call_id WHERE c.round_id = $1 LIMIT 1', [roundId]);
    const attemptId = a.rows[0]!.id;
    const before = await db.pool.query('SELECT * FROM attempts WHERE id = $1', [attemptId]);
    const url = `${server.publicBaseUrl}/twilio/status?attempt=${attemptId}`;
    const params = { CallSid: 'CA' + '1'.repeat(32), CallStatus: 'busy', AccountSid: carrier.simulator!.accountSid };
    const body = new URLSearchParams(params).toString();
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    const unsigned = await fetch(url, { method: 'POST', headers, body });
    const forged = await fetch(url, { method: 'POST', headers: { ...headers, 'x-twilio-signature': expectedSignature('not-the-token', url, params) }, body });
    expect([unsigned.status, forged.status]).toEqual([403, 403]);
    expect((await db.pool.query('SELECT * FROM attempts WHERE id = $1', [attemptId])).rows).toEqual(before.rows);
    const good = await fetch(url, { method: 'POST', headers: { ...headers, 'x-twilio-signature': expectedSignature(carrier.authToken, url, params) }, body });
    expect(good.status).toBe(204);
    // A late duplicate of a final callback (correctly signed) changes nothing either.
    expect((await db.pool.query('SELECT * FROM attempts WHERE id = $1', [attemptId])).rows).toEqual(before.rows);
  });
});
