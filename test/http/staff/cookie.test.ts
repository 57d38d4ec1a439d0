/** Behind an HTTPS proxy (TIWEN_TRUST_PROXY=1) the session cookie is marked Secure; over plain HTTP it is not. */
import { loadConfig } from '../../../src/config.js';
import { silentLogger } from '../../../src/log.js';
import { startServer, type Server } from '../../../src/app/runtime.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { tempDir } from '../../helpers/files.js';

const tmp = tempDir();
let db: TestDatabase;
let server: Server;

beforeAll(async () => {
  db = await createTestDatabase();
  const config = loadConfig({ DATABASE_URL: db.url, TIWEN_TRUST_PROXY: '1', TIWEN_SESSION_SECRET: 'a-fixed-secret-for-this-test' }, tmp.dir);
  server = await startServer({ config, logger: silentLogger(), pool: db.pool, authToken: 'tok', port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await server.close();
  await db.drop();
  tmp.cleanup();
});

const sessionRows = async () => (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM staff_sessions')).rows[0]!.n;

test('Secure over HTTPS (as the proxy says), not over HTTP; each session is a row of staff_sessions', async () => {
  const before = await sessionRows();
  const https = await fetch(`${server.url}/login`, { headers: { 'x-forwarded-proto': 'https' } });
  // The body ends once the session is saved (the headers come first).
  await https.text();
  const cookie = https.headers.getSetCookie().join(';');
  expect(cookie).toMatch(/tiwen\.sid=/);
  expect(cookie).toMatch(/; Secure/);
  expect(cookie).toMatch(/HttpOnly/);
  const http = await fetch(`${server.url}/login`);
  await http.text();
  expect(http.headers.getSetCookie().join(';')).not.toMatch(/Secure/);
  expect(await sessionRows()).toBe(before + 2);
});
