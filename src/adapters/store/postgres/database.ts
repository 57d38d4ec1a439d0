/**
 * Opening the database: DATABASE_URL when set, else the embedded server. Either way
 * the caller gets a pg Pool that has been checked to answer, with the schema migrated.
 */
import path from 'node:path';
import pg from 'pg';
import type { Config } from '../../../config.js';
import { UnavailableError } from '../../../errors.js';
import type { Logger } from '../../../log.js';
import { embeddedDatabaseUrl, startEmbeddedPostgres, type EmbeddedServer } from './embedded.js';
import { guardPool } from './health.js';
import { migrate } from './migrate.js';

// Return NUMERIC (temperatures) as JS numbers and BIGINT ids as numbers: ids stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export type Executor = pg.Pool | pg.PoolClient;

export interface Database {
  pool: pg.Pool;
  /** Connection string of the database (password included): for child processes. */
  url: string;
  close(): Promise<void>;
}

const EMBEDDED_DB_NAME = 'tiwen';

function describe(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'the configured server';
  }
}

/** Connects and checks that the server answers; a clear error if not. */
export async function connect(url: string, max = 20, logger?: Logger): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 10_000 });
  // A client losing its connection (a database restart, a failover) must not crash the
  // process: errors are logged and counted as an outage (health.ts).
  guardPool(pool, logger);
  try {
    await pool.query('SELECT 1');
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new UnavailableError(
      `Cannot reach PostgreSQL at ${describe(url)}: ${(err as Error).message}.`,
      'Start the database server or fix DATABASE_URL; unset DATABASE_URL to use the embedded PostgreSQL.',
      { cause: err },
    );
  }
  return pool;
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`).catch((err: { code?: string }) => {
        if (err.code !== '42P04') throw err; // created meanwhile by another process
      });
    }
  } finally {
    await admin.end();
  }
}

/**
 * Opens the configured database, starting the embedded one if needed, and applies
 * migrations. `close()` ends the pool and stops an embedded server this process started.
 */
export async function openDatabase(config: Config, logger: Logger, options: { migrate?: boolean; poolSize?: number } = {}): Promise<Database> {
  let url: string;
  let server: EmbeddedServer | undefined;
  if (config.databaseUrl) {
    url = config.databaseUrl;
  } else {
    const dir = path.resolve(config.dataDir, 'pg');
    server = await startEmbeddedPostgres(dir, config.embeddedPgPort, (line) => logger.debug(line, { component: 'postgres' }));
    logger.info(server.owned ? 'embedded PostgreSQL started' : 'joined running embedded PostgreSQL', { dataDir: dir, port: server.port });
    await ensureDatabase(server.adminUrl, EMBEDDED_DB_NAME);
    url = embeddedDatabaseUrl(server, EMBEDDED_DB_NAME);
  }
  let pool: pg.Pool;
  try {
    pool = await connect(url, options.poolSize, logger);
  } catch (err) {
    await server?.stop();
    throw err;
  }
  if (options.migrate !== false) {
    const applied = await migrate(pool);
    if (applied.length) logger.info('migrations applied', { applied });
  }
  let closed = false;
  return {
    pool,
    url,
    close: async () => {
      if (closed) return;
      closed = true;
      await pool.end();
      await server?.stop();
    },
  };
}

/**
 * A fresh, migrated database beside `db` on the same server (for the benchmark, so
 * that it never meets real rounds); `drop()` removes it.
 */
export async function createScratchDatabase(db: Database, name: string): Promise<Database> {
  try {
    await db.pool.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    await db.pool.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } catch (err) {
    throw new UnavailableError(
      `Cannot create the scratch database ${name}: ${(err as Error).message}.`,
      'The benchmark needs a database user allowed to create databases (CREATEDB); the embedded PostgreSQL has it.',
      { cause: err },
    );
  }
  const u = new URL(db.url);
  u.pathname = '/' + name;
  const pool = await connect(u.toString(), 40);
  await migrate(pool);
  return {
    pool,
    url: u.toString(),
    close: async () => {
      await pool.end();
      await db.pool.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    },
  };
}

/** Runs `fn` in a transaction on one client of the pool. */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
