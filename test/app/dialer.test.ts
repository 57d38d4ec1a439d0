/**
 * The dialer's hand-over on stop (SIGTERM in a rolling deploy): calls it claimed but
 * has not sent yet go back to the queue at once, for another process to take without
 * waiting for their lease.
 */
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { CallEvents } from '../../src/app/callEvents.js';
import { loadPrompts } from '../../src/app/prompts.js';
import { createDialer, setupCarrier, type Carrier } from '../../src/app/runtime.js';
import { parseScenario } from '../../src/adapters/telephony/simulator/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { seedRound } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/files.js';
import { waitFor } from '../helpers/wait.js';

const tmp = tempDir();
let db: TestDatabase;
let carrier: Carrier;

beforeAll(async () => {
  db = await createTestDatabase();
  carrier = await setupCarrier(loadConfig({}, tmp.dir), silentLogger(), { forceSimulator: true, scenario: parseScenario({ outcomes: { busy: 1 } }) });
});
afterAll(async () => {
  await carrier.close();
  await db.drop();
  tmp.cleanup();
});

test('stop gives back claimed calls not yet placed: pending again, their attempts gone, nothing lost', async () => {
  // 2 calls a second with a 3 s look-ahead: the dialer claims ~6 calls, but may send only one at a time.
  const config = loadConfig({ DATABASE_URL: db.url, TIWEN_LOOKAHEAD_MS: '3000', TIWEN_RETRY_BUSY: '3600' }, tmp.dir);
  const { roundId } = await seedRound(db.pool, { community: '交接社区', households: 20, cps: 2, lines: 20 });
  const callEvents = new CallEvents({ pool: db.pool, config, logger: silentLogger(), prompts: loadPrompts() });
  const dialer = createDialer({ config, logger: silentLogger(), pool: db.pool, carrier, callEvents, publicBaseUrl: 'http://127.0.0.1:9' });
  await dialer.start();
  await waitFor(() => dialer.stats().claimed >= 4 || undefined, 'calls claimed ahead of their slots', 20_000);
  await dialer.stop();
  const s = dialer.stats();
  expect(s.givenBackAtStop).toBeGreaterThan(0);
  const calls = await db.pool.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM calls WHERE round_id = $1 GROUP BY status`, [roundId]);
  const by = Object.fromEntries(calls.rows.map((r) => [r.status, r.n]));
  // Placed calls are live or ended at the carrier; every other one is back in the queue, unleased.
  expect(by.dialing ?? 0).toBeLessThanOrEqual(s.placed);
  expect((by.pending ?? 0) + (by.dialing ?? 0) + (by.in_progress ?? 0)).toBe(20);
  const leftovers = await db.pool.query(
    `SELECT count(*)::int AS n FROM attempts a JOIN calls c ON c.id = a.call_id WHERE c.round_id = $1 AND a.provider_call_id IS NULL AND a.ended_at IS NULL`,
    [roundId],
  );
  expect(leftovers.rows[0].n).toBe(0);
  const unleased = await db.pool.query(`SELECT count(*)::int AS n FROM calls WHERE round_id = $1 AND status = 'pending' AND lease_owner IS NOT NULL`, [roundId]);
  expect(unleased.rows[0].n).toBe(0);
});
