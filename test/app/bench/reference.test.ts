/** The benchmark's reference write load counts committed transactions and leaves no table behind. */
import { measureWriteRate } from '../../../src/app/bench/reference.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

test('pgbench -N style transactions: counted, rate derived, tables dropped', async () => {
  const r = await measureWriteRate(db.pool, { clients: 2, seconds: 0.5 });
  expect(r.clients).toBe(2);
  expect(r.transactions).toBeGreaterThan(0);
  // seconds is rounded to 0.01 s in the figure.
  expect(Math.abs(r.tps - r.transactions / r.seconds) / r.tps).toBeLessThan(0.05);
  const left = await db.pool.query(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename LIKE 'bench_ref_%'`);
  expect(left.rows[0].n).toBe(0);
});
