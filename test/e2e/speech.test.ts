/**
 * A round with TIWEN_STT=google and TIWEN_TTS=google end to end: prompts synthesized by
 * the official @google-cloud/text-to-speech client (the simulator as a
 * Google-compatible endpoint), cached and served by our server, fetched and "heard" by
 * the simulator's residents through <Play>; answers recorded with <Record>, the WAV
 * fetched from the carrier with the account's credentials and recognised through the
 * official @google-cloud/speech client; fevers written back as with <Gather>.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger, silentLogger } from '../../src/log.js';
import { changeRound, createRound, roundStatus } from '../../src/app/rounds.js';
import { setupCarrier, type Carrier, type Server } from '../../src/app/runtime.js';
import { parseScenario } from '../../src/adapters/telephony/simulator/index.js';
import { importResidents } from '../../src/app/importResidents.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { tempDir } from '../helpers/files.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';

const tmp = tempDir();
let db: TestDatabase;
let carrier: Carrier;
let server: Server;
let stack: Stack;
let config: Config;
const callLog = path.join(tmp.dir, 'calls.jsonl');
const HOUSEHOLDS = 24;
const OFFICE = '语音社区居委会';

const scenario = parseScenario({
  seed: 11,
  timing: { speed: 1000 },
  questions: [
    { key: 'confirm', match: '对吗' },
    { key: 'keypad', match: '请按1' },
    { key: 'temperature', match: '多少度' },
    // Only words the resident heard: a <Play> whose audio could not be read would be "[play URL]".
    { key: 'fever', match: '发烧' },
  ],
  defaultQuestion: 'unheard',
  personas: [
    { name: 'healthy', weight: 3, answers: { fever: [{ text: '没有', confidence: 0.9 }], default: [{ silence: true }] } },
    { name: 'fever', weight: 2, answers: { fever: [{ text: '有,我老伴发烧了' }], temperature: [{ text: '三十八度五' }], confirm: [{ digits: '1' }], default: [{ silence: true }] } },
    { name: 'keypad', weight: 1, answers: { fever: [{ silence: true }], keypad: [{ digits: '1' }], temperature: [{ text: '三十九度' }], confirm: [{ text: '对' }], default: [{ silence: true }] } },
  ],
  carrier: { cps: null, lines: null },
});

beforeAll(async () => {
  db = await createTestDatabase();
  const env = {
    DATABASE_URL: db.url,
    TIWEN_DATA_DIR: tmp.dir,
    TIWEN_LOOKAHEAD_MS: '100',
    TIWEN_STT: 'google',
    TIWEN_TTS: 'google',
  };
  const logger = process.env.TEST_LOG ? createLogger({ logLevel: 'debug', logFormat: 'json' }) : silentLogger();
  carrier = await setupCarrier(loadConfig(env, tmp.dir), logger, { forceSimulator: true, scenario, callLogPath: callLog });
  const sim = carrier.simulator!.url;
  config = loadConfig({ ...env, TIWEN_GOOGLE_SPEECH_ENDPOINT: sim, TIWEN_GOOGLE_TTS_ENDPOINT: sim }, tmp.dir);
  const csv = ['姓名,电话', ...Array.from({ length: HOUSEHOLDS }, (_, i) => `住户${i},+86 171 0002 ${String(i).padStart(4, '0')}`)].join('\n');
  await importResidents(db.pool, { file: tmp.file('reg.csv', csv), community: '语音社区', skipInvalid: false, timezone: 'Asia/Shanghai' });
  stack = await startStack({ config, logger, pool: db.pool, carrier, server: { carrier } });
  ({ server } = stack);
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
  said: Array<{ question: string; heard: string; kind: string; delivered: boolean }>;
  errors: string[];
}

describe('a round with Google speech-to-text and text-to-speech through the simulator', () => {
  let roundId: number;
  let warmed: number;

  test('warming the round synthesizes each fixed prompt once', async () => {
    const audio = server.promptAudio!;
    const result = await audio.warm(OFFICE);
    expect(result.ready).toBe(result.texts);
    expect(audio.syntheses).toBe(result.texts);
    // A second warm (another round of the office) finds everything on disk.
    await audio.warm(OFFICE);
    expect(audio.syntheses).toBe(result.texts);
    warmed = result.texts;
  });

  test('every household ends with the outcome its resident said, recognised from recordings', async () => {
    const round = await createRound(db.pool, config, { community: '语音社区', cps: 50, lines: 12, maxAttempts: 1, window: '00:00-24:00' });
    roundId = round.id;
    await changeRound(db.pool, roundId, 'start');
    await waitFor(async () => (await roundStatus(db.pool, roundId)).status === 'completed', 'the round to complete');
    await carrier.simulator!.idle();

    const log = readFileSync(callLog, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as LogLine);
    expect(log.flatMap((l) => l.errors)).toEqual([]);
    // Residents heard the prompts' words from the synthesized audio, never an unreadable <Play>.
    expect(log.flatMap((l) => l.said.map((s) => s.question))).not.toContain('unheard');
    const persona = new Map(log.map((l) => [l.to, l.persona]));
    const calls = await db.pool.query<{ phone: string; outcome: string; temperature_c: string | null }>(
      `SELECT res.phone, c.outcome, c.temperature_c FROM calls c JOIN residents res ON res.id = c.resident_id WHERE c.round_id = $1`,
      [roundId],
    );
    const expected: Record<string, [string, number | null]> = { healthy: ['no_fever', null], fever: ['fever', 38.5], keypad: ['fever', 39] };
    expect(calls.rows).toHaveLength(HOUSEHOLDS);
    for (const c of calls.rows) {
      expect([c.phone, c.outcome, c.temperature_c === null ? null : Number(c.temperature_c)]).toEqual([c.phone, ...expected[persona.get(c.phone)!]!]);
    }
    expect(new Set(persona.values())).toEqual(new Set(['healthy', 'fever', 'keypad']));

    const stats = carrier.simulator!.stats();
    expect(stats.speech.recognizeRequests).toBeGreaterThan(0);
    expect(stats.speech.recordingsServed).toBe(stats.speech.recognizeRequests);
    expect(stats.speech.recordingsRefused).toBe(0);
    expect(stats.speech.playErrors).toBe(0);
    expect(stats.turnLatencyMs.record.count).toBeGreaterThan(0);
  });

  test('spoken answers keep their recording and transcript; keys need no recogniser', async () => {
    const turns = await db.pool.query<{ transcript: string | null; digits: string | null; recording_url: string | null; recording_sid: string | null }>(
      `SELECT t.transcript, t.digits, t.recording_url, t.recording_sid FROM turns t JOIN attempts a ON a.id = t.attempt_id JOIN calls c ON c.id = a.call_id
        WHERE c.round_id = $1`,
      [roundId],
    );
    const spoken = turns.rows.filter((t) => t.transcript !== null);
    expect(spoken.length).toBeGreaterThan(0);
    for (const t of spoken) {
      expect(t.recording_url).toMatch(new RegExp(`^${carrier.simulator!.url}/2010-04-01/Accounts/AC0+/Recordings/RE[0-9a-f]+$`));
      expect(t.recording_sid).toMatch(/^RE/);
    }
    expect(spoken.map((t) => t.transcript)).toEqual(expect.arrayContaining(['没有', '有,我老伴发烧了', '三十八度五', '三十九度', '对']));
    expect(turns.rows.some((t) => t.digits === '1')).toBe(true);
  });

  test('one synthesis per distinct prompt for the whole round, not one per call', async () => {
    const audio = server.promptAudio!;
    // Beyond the warmed prompts: one read-back per distinct temperature heard (38.5 and 39).
    expect(audio.syntheses).toBe(warmed + 2);
    expect(carrier.simulator!.stats().speech.synthesizeRequests).toBe(audio.syntheses);
    const answered = (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM attempts a JOIN calls c ON c.id = a.call_id WHERE c.round_id = $1 AND a.answered_at IS NOT NULL`, [roundId])).rows[0]!.n;
    expect(answered).toBe(HOUSEHOLDS);
  });
});
