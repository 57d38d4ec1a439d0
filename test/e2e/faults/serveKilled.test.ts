/**
 * `tiwen serve` SIGKILLed twice while webhooks are coming in, and started again on the
 * same port: the calls it held are reconciled with the carrier, nothing is lost or
 * dialled twice, and the caps hold across the restarts.
 */
import path from 'node:path';
import { loadConfig } from '../../../src/config.js';
import { importResidents } from '../../../src/app/importResidents.js';
import { changeRound, createRound, roundStatus } from '../../../src/app/rounds.js';
import { freePort } from '../../../src/adapters/store/postgres/embedded.js';
import { startSimProcess, type SimProcess } from '../../../src/app/bench/simProcess.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { tempDir } from '../../helpers/files.js';
import { waitFor } from '../../helpers/wait.js';
import { expectSound, measure, population, registerCsv, report, roundEnv, startServe, type ServeProcess } from './harness.js';

const HOUSEHOLDS = 200;
const CPS = 20;
const LINES = 20;
const tmp = tempDir();
const callLog = path.join(tmp.dir, 'calls.jsonl');
let db: TestDatabase;
let sim: SimProcess;
let serve: ServeProcess | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
  sim = await startSimProcess(population({ seed: 11, faults: { callbackDuplicateRate: 0.1 } }), tmp.dir, callLog);
  await importResidents(db.pool, { file: tmp.file('r.csv', registerCsv(HOUSEHOLDS, '1730000')), community: '重启社区', skipInvalid: false, timezone: 'Asia/Shanghai' });
});

afterAll(async () => {
  if (serve && serve.child.exitCode === null) serve.child.kill('SIGKILL');
  await sim?.stop();
  await db?.drop();
  tmp.cleanup();
});

test('serve killed twice mid-round: every household resolved once, caps held', async () => {
  const port = await freePort();
  const env = roundEnv({ cps: CPS, lines: LINES });
  const start = () => startServe({ databaseUrl: db.url, sim, port, env });
  serve = await start();
  const round = await createRound(db.pool, loadConfig({}, tmp.dir), { community: '重启社区', cps: CPS, lines: LINES, window: '00:00-24:00', maxAttempts: 4 });
  await changeRound(db.pool, round.id, 'start');
  let kills = 0;
  for (const after of [50, 120]) {
    await waitFor(async () => (await sim.stats()).callsCreated >= after || undefined, `${after} calls placed`, 60_000);
    serve.child.kill('SIGKILL');
    await serve.exited;
    kills++;
    serve = await start();
  }
  await waitFor(async () => (await roundStatus(db.pool, round.id)).status === 'completed', 'the round to complete', 90_000, 200);
  await waitFor(async () => {
    const s = await sim.stats();
    return s.active === 0 && s.queued === 0 && s.pendingCallbacks === 0;
  }, 'the carrier to be idle');
  serve.child.kill('SIGTERM');
  expect(await serve.exited).toEqual({ code: 0, signal: null });
  await sim.stop(); // flushes the call log

  const f = await measure({ scenario: 'serve SIGKILLed twice', pool: db.pool, roundId: round.id, callLog, cps: CPS, lines: LINES });
  report({ ...f, kills });
  expectSound(f);
}, 180_000);
