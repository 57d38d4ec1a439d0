/**
 * Google Speech-to-Text failing for a whole round (errors, and a recogniser that never
 * answers): every answer falls back to silence within the time budget, residents are
 * asked again and then offered the keypad, and every call still ends with an outcome.
 */
import { loadConfig, type Config } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { changeRound, createRound, roundStatus } from '../../src/app/rounds.js';
import { setupCarrier, type Carrier } from '../../src/app/runtime.js';
import { parseScenario } from '../../src/adapters/telephony/simulator/index.js';
import { importResidents } from '../../src/app/importResidents.js';
import type { SpeechToText } from '../../src/ports/speech.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { tempDir } from '../helpers/files.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';

const tmp = tempDir();
let db: TestDatabase;
let carrier: Carrier;
let stack: Stack;
let config: Config;
const HOUSEHOLDS = 12;
let calls = 0;

// Every other request fails at once, the rest never answer (the budget must cut them off).
const brokenGoogle: SpeechToText = {
  transcribe() {
    calls++;
    return calls % 2 ? Promise.reject(new Error('14 UNAVAILABLE: speech.googleapis.com unreachable')) : new Promise(() => undefined);
  },
};

const scenario = parseScenario({
  seed: 3,
  timing: { speed: 1000 },
  questions: [{ key: 'keypad', match: '请按1' }],
  personas: [
    { name: 'keys', weight: 2, answers: { keypad: [{ digits: '2' }], default: [{ text: '没有' }] } },
    { name: 'quiet', weight: 1, answers: { keypad: [{ silence: true }], default: [{ text: '没有' }] } },
  ],
});

beforeAll(async () => {
  db = await createTestDatabase();
  config = loadConfig({ DATABASE_URL: db.url, TIWEN_DATA_DIR: tmp.dir, TIWEN_LOOKAHEAD_MS: '100', TIWEN_STT: 'google', TIWEN_STT_TIMEOUT_MS: '500' }, tmp.dir);
  carrier = await setupCarrier(config, silentLogger(), { forceSimulator: true, scenario });
  const csv = ['电话', ...Array.from({ length: HOUSEHOLDS }, (_, i) => `+86 171 0003 ${String(i).padStart(4, '0')}`)].join('\n');
  await importResidents(db.pool, { file: tmp.file('reg.csv', csv), community: '断网社区', skipInvalid: false, timezone: 'Asia/Shanghai' });
  stack = await startStack({ config, logger: silentLogger(), pool: db.pool, carrier, server: { carrier, speech: { stt: brokenGoogle } } });
});

afterAll(async () => {
  await stack.close();
  await db.drop();
  tmp.cleanup();
});

test('with the recogniser down, calls still end: keypad answers count, silence is unclear', async () => {
  const round = await createRound(db.pool, config, { community: '断网社区', cps: 50, lines: 12, maxAttempts: 1, window: '00:00-24:00' });
  await changeRound(db.pool, round.id, 'start');
  await waitFor(async () => (await roundStatus(db.pool, round.id)).status === 'completed', 'the round to complete');
  await carrier.simulator!.idle();
  const s = await roundStatus(db.pool, round.id);
  expect(s.calls.done).toBe(HOUSEHOLDS);
  expect((s.outcomes.no_fever ?? 0) + (s.outcomes.unclear ?? 0)).toBe(HOUSEHOLDS);
  expect(s.outcomes.no_fever).toBeGreaterThan(0);
  expect(s.outcomes.unclear).toBeGreaterThan(0);
  // Three spoken tries of the fever question per call, each failed and kept with its reason.
  const failures = await db.pool.query<{ result: string; n: number }>(
    `SELECT t.raw->'error'->>'result' AS result, count(*)::int AS n FROM turns t JOIN attempts a ON a.id = t.attempt_id JOIN calls c ON c.id = a.call_id
      WHERE c.round_id = $1 AND t.prompt IN ('fever_question', 'fever_question_retry') GROUP BY 1 ORDER BY 1`,
    [round.id],
  );
  expect(failures.rows).toEqual([
    { result: 'stt_failed', n: expect.any(Number) },
    { result: 'timeout', n: expect.any(Number) },
  ]);
  expect(failures.rows.reduce((a, r) => a + r.n, 0)).toBe(HOUSEHOLDS * 3);
  expect(carrier.simulator!.stats().webhookErrors).toBe(0);
});
