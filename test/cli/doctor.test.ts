/** `tiwen doctor` against a real database, the simulator as the carrier account and a running server. */
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { startServer, type Server } from '../../src/app/runtime.js';
import { freePort } from '../../src/adapters/store/postgres/embedded.js';
import { defaultScenario, startSimulator, type Simulator } from '../../src/adapters/telephony/simulator/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { tempDir } from '../helpers/files.js';
import { tiwen } from '../helpers/cli.js';

const tmp = tempDir();
let db: TestDatabase;
let sim: Simulator;
let server: Server;

beforeAll(async () => {
  db = await createTestDatabase();
  sim = await startSimulator({ scenario: defaultScenario() });
  server = await startServer({ config: loadConfig({ DATABASE_URL: db.url }, tmp.dir), logger: silentLogger(), pool: db.pool, authToken: sim.authToken, port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await server.close();
  await sim.close();
  await db.drop();
  tmp.cleanup();
});

const env = (over: Record<string, string> = {}) => ({
  DATABASE_URL: db.url,
  TWILIO_ACCOUNT_SID: sim.accountSid,
  TWILIO_AUTH_TOKEN: sim.authToken,
  TWILIO_FROM: '+862700000000',
  TWILIO_API_BASE_URL: sim.url,
  PUBLIC_BASE_URL: server.publicBaseUrl,
  ...over,
});

interface Report {
  ok: boolean;
  checks: { name: string; ok: boolean; detail: string; fix?: string }[];
}

test('all checks pass: database migrated, credentials accepted, public URL answering, clocks in step', async () => {
  const r = await tiwen(['doctor', '--json'], env());
  const report = r.json as Report;
  expect(report.checks.filter((c) => !c.ok)).toEqual([]);
  expect(report.checks.map((c) => c.name)).toEqual(['database', 'migrations', 'dialers', 'carrier', 'public_url', 'clock']);
  expect(r.code).toBe(0);
  const text = await tiwen(['doctor'], env());
  expect(text.stdout).toMatch(/✓ carrier: credentials accepted/);
  expect(text.stdout).toMatch(/ready to call/);
});

test('a refused token and an unreachable public URL fail with a fix; exit 1', async () => {
  const closed = await freePort();
  const r = await tiwen(['doctor', '--json'], env({ TWILIO_AUTH_TOKEN: 'wrong-token', PUBLIC_BASE_URL: `http://127.0.0.1:${closed}` }));
  const report = r.json as Report;
  expect(r.code).toBe(1);
  expect(report.ok).toBe(false);
  const byName = Object.fromEntries(report.checks.map((c) => [c.name, c]));
  expect(byName.carrier).toMatchObject({ ok: false, detail: expect.stringMatching(/401/), fix: expect.stringMatching(/TWILIO_AUTH_TOKEN/) });
  expect(byName.public_url).toMatchObject({ ok: false, fix: expect.stringMatching(/tiwen serve/) });
  expect(byName.database).toMatchObject({ ok: true });
});

test('pending migrations are reported, not applied', async () => {
  const removed = await db.pool.query<{ version: number; name: string }>('DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations) RETURNING version, name');
  try {
    const r = await tiwen(['doctor', '--json'], env());
    const m = (r.json as Report).checks.find((c) => c.name === 'migrations');
    expect(m).toMatchObject({ ok: false, fix: expect.stringMatching(/tiwen migrate/) });
    expect(r.code).toBe(1);
  } finally {
    await db.pool.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [removed.rows[0]!.version, removed.rows[0]!.name]);
  }
});
