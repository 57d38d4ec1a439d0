/**
 * Scale-out and crash safety: two `tiwen dialer` processes share one database and
 * one carrier account; one is killed with SIGKILL mid-round. The carrier (the
 * simulator, in this process, with the HTTP server) must see every household called
 * exactly once, and never more than the global caps at once. The simulator runs in a
 * process of its own, so that its arrival times are not blurred by this process's work.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { importResidents } from '../../src/app/importResidents.js';
import { changeRound, createRound, roundStatus } from '../../src/app/rounds.js';
import { startServer, type Server } from '../../src/app/runtime.js';
import { startSimProcess, type SimProcess } from '../../src/app/bench/simProcess.js';
import { packageRoot } from '../../src/util/paths.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { tempDir } from '../helpers/files.js';
import { waitFor } from '../helpers/wait.js';

const HOUSEHOLDS = 150;
const CPS = 30;
const LINES = 10;
const tmp = tempDir();
const callLog = path.join(tmp.dir, 'calls.jsonl');
let db: TestDatabase;
let sim: SimProcess;
let server: Server;
const dialers: ChildProcess[] = [];

function startDialer(name: string): ChildProcess {
  const child = spawn(process.execPath, [path.join(packageRoot(), 'dist', 'cli', 'main.js'), 'dialer'], {
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      TWILIO_ACCOUNT_SID: sim.accountSid,
      TWILIO_AUTH_TOKEN: sim.authToken,
      TWILIO_FROM: '+862700000000',
      TWILIO_API_BASE_URL: sim.url,
      PUBLIC_BASE_URL: server.publicBaseUrl,
      TIWEN_ACCOUNT_CPS: String(CPS),
      TIWEN_ACCOUNT_LINES: String(LINES),
      TIWEN_LEASE_SECONDS: '5',
      TIWEN_LOOKAHEAD_MS: '100',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  child.on('exit', (code, signal) => {
    if (code !== 0 && signal !== 'SIGKILL' && signal !== 'SIGTERM') process.stderr.write(`dialer ${name} exited ${code}: ${err}\n`);
  });
  dialers.push(child);
  return child;
}

beforeAll(async () => {
  db = await createTestDatabase();
  const config = loadConfig({ DATABASE_URL: db.url }, tmp.dir);
  sim = await startSimProcess(
    {
      seed: 3,
      outcomes: { answered: 1 },
      // ~0.3 s calls, so the lines cap binds and calls are in flight when the dialer dies.
      timing: { speed: 50, ringSeconds: [5, 10], sayCharSeconds: 0, replyDelaySeconds: [1, 2], answerCharSeconds: 0 },
      personas: [{ name: 'healthy', weight: 1, answers: { default: [{ text: '没有' }] } }],
      carrier: { cps: null, lines: null },
    },
    tmp.dir,
    callLog,
  );
  server = await startServer({ config, logger: silentLogger(), pool: db.pool, authToken: sim.authToken, port: 0, host: '127.0.0.1' });
  const csv = ['电话', ...Array.from({ length: HOUSEHOLDS }, (_, i) => `1720000${String(i).padStart(4, '0')}`)].join('\n');
  await importResidents(db.pool, { file: tmp.file('r.csv', csv), community: '扩容社区', skipInvalid: false, timezone: 'Asia/Shanghai' });
});

afterAll(async () => {
  for (const d of dialers) if (d.exitCode === null && d.signalCode === null) d.kill('SIGKILL');
  await server?.close();
  await sim?.stop();
  await db?.drop();
  tmp.cleanup();
});

test('two dialers keep the global caps; a SIGKILLed dialer loses and duplicates nothing', async () => {
  const config = loadConfig({}, tmp.dir);
  const round = await createRound(db.pool, config, { community: '扩容社区', cps: CPS, lines: LINES, window: '00:00-24:00', maxAttempts: 3 });
  const a = startDialer('a');
  startDialer('b');
  await waitFor(async () => (await db.pool.query('SELECT count(*)::int AS n FROM dialers')).rows[0].n === 2, 'both dialers to register', 20_000);
  await changeRound(db.pool, round.id, 'start');
  await waitFor(async () => (await sim.stats()).callsCreated >= 40 || undefined, 'the round to be well under way', 30_000);
  a.kill('SIGKILL');
  await waitFor(async () => (await roundStatus(db.pool, round.id)).status === 'completed', 'the round to complete after the crash', 60_000);
  const stats = await waitFor(async () => {
    const st = await sim.stats();
    return st.active === 0 && st.queued === 0 && st.pendingCallbacks === 0 ? st : undefined;
  }, 'the carrier to be idle');
  await sim.stop(); // flushes its call log

  const status = await roundStatus(db.pool, round.id);
  expect(status.calls).toMatchObject({ done: HOUSEHOLDS, pending: 0, dialing: 0, in_progress: 0 });
  expect(status.outcomes.no_fever).toBe(HOUSEHOLDS);

  const log = readFileSync(callLog, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { to: string });
  const perNumber = new Map<string, number>();
  for (const l of log) perNumber.set(l.to, (perNumber.get(l.to) ?? 0) + 1);
  expect(perNumber.size).toBe(HOUSEHOLDS);
  expect([...perNumber.values()].every((n) => n === 1)).toBe(true);

  expect(stats.maxCpsObserved).toBeLessThanOrEqual(CPS);
  expect(stats.maxActive).toBeLessThanOrEqual(LINES);
});
