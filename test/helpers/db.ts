/**
 * A fresh, migrated database per test file on the server globalSetup started (or
 * DATABASE_URL). Call `createTestDatabase()` in beforeAll and `drop()` in afterAll.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import '../../src/adapters/store/postgres/database.js'; // installs the NUMERIC/INT8 type parsers
import { migrate } from '../../src/adapters/store/postgres/migrate.js';

export interface TestDatabase {
  pool: pg.Pool;
  url: string;
  name: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = '/' + name;
  return u.toString();
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TIWEN_TEST_ADMIN_URL;
  if (!adminUrl) throw new Error('test database not prepared: run tests through `npm test` (jest globalSetup)');
  const name = `tiwen_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on('error', () => undefined);
  await migrate(pool);
  return {
    pool,
    url,
    name,
    drop: async () => {
      await pool.end();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
