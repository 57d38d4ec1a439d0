/** The LISTEN connection survives its backend being killed: it reconnects and hears notifications again. */
import { silentLogger } from '../../../../src/log.js';
import { Listener } from '../../../../src/adapters/store/postgres/listener.js';
import { databaseHealth } from '../../../../src/adapters/store/postgres/health.js';
import { createTestDatabase, type TestDatabase } from '../../../helpers/db.js';
import { waitFor } from '../../../helpers/wait.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  databaseHealth(db.pool).close();
  await db.drop();
});

test('a terminated LISTEN backend is replaced; notifications arrive again; onReconnect is told', async () => {
  const heard: string[] = [];
  let reconnected = 0;
  const listener = new Listener({ pool: db.pool, channel: 'tiwen_test_channel', logger: silentLogger(), onNotify: (p) => heard.push(p ?? ''), onReconnect: () => reconnected++ });
  await listener.start();
  try {
    await db.pool.query(`NOTIFY tiwen_test_channel, 'one'`);
    await waitFor(() => heard.includes('one'), 'the first notification');
    // What a server restart or failover does to the connection (57P01).
    const killed = await db.pool.query(`SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`);
    expect(killed.rows).toEqual([{ ok: true }]);
    await waitFor(() => reconnected === 1, 'the listener to reconnect', 20_000);
    expect(listener.connected).toBe(true);
    await db.pool.query(`NOTIFY tiwen_test_channel, 'two'`);
    await waitFor(() => heard.includes('two'), 'a notification after the reconnect');
  } finally {
    await listener.stop();
  }
  expect(listener.connected).toBe(false);
});
