/**
 * Whether the database answers, as this process sees it. An outage is weather, not
 * death: code that meets a connection failure reports it here and carries on; while
 * the database is down the monitor pings it (backoff with jitter) until it answers,
 * then tells whoever listens (the dialer reconciles the calls the gap affected).
 * No timer runs while the database is up.
 */
import type pg from 'pg';
import type { Logger } from '../../../log.js';
import { toError } from '../../../errors.js';

/** SQLSTATE classes and codes that mean "the server or the connection went away", not "the statement was wrong". */
const CONNECTION_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '08000', '08003', '08006', '08001', '08004']);
const CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const CONNECTION_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended|the database system is (starting up|shutting down|in recovery mode)/i;

/** True when `err` says the database could not be reached (as opposed to a failed statement). */
export function isConnectionError(err: unknown): boolean {
  if (err === null || typeof err !== 'object') return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_SQLSTATES.has(code) || CONNECTION_ERRNOS.has(code) || code.startsWith('08'))) return true;
  const message = (err as { message?: unknown }).message;
  if (typeof message === 'string' && CONNECTION_MESSAGES.test(message)) return true;
  const cause = (err as { cause?: unknown }).cause;
  return cause !== undefined && cause !== err && isConnectionError(cause);
}

/** First and largest wait between pings while the database is down (ms); each wait is jittered. */
const PING_BASE_MS = 200;
const PING_MAX_MS = 2000;

export interface HealthSnapshot {
  up: boolean;
  /** Outages seen since the process started. */
  outages: number;
  /** Seconds the database was unreachable, ended outages and the current one. */
  downSeconds: number;
  /** When the current outage began (ms since epoch), if the database is down. */
  downSince: number | null;
  lastError: string | null;
}

export class DatabaseHealth {
  private up = true;
  private outages = 0;
  private downMs = 0;
  private downSince: number | null = null;
  private lastError: string | null = null;
  private timer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private readonly upListeners = new Set<(downMs: number) => void>();
  private readonly downListeners = new Set<() => void>();
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    private logger: Logger | undefined,
  ) {}

  setLogger(logger: Logger): void {
    this.logger ??= logger;
  }

  get isUp(): boolean {
    return this.up;
  }

  snapshot(): HealthSnapshot {
    const current = this.downSince !== null ? Date.now() - this.downSince : 0;
    return { up: this.up, outages: this.outages, downSeconds: (this.downMs + current) / 1000, downSince: this.downSince, lastError: this.lastError };
  }

  /** Called when the database is back after an outage, with the outage's length. */
  onUp(fn: (downMs: number) => void): () => void {
    this.upListeners.add(fn);
    return () => this.upListeners.delete(fn);
  }

  onDown(fn: () => void): () => void {
    this.downListeners.add(fn);
    return () => this.downListeners.delete(fn);
  }

  /**
   * Reports an error met while using the database. A connection failure starts an
   * outage (and the pings that end it); returns whether it was one.
   */
  report(err: unknown): boolean {
    if (!isConnectionError(err)) return false;
    this.lastError = toError(err).message;
    if (this.up && !this.closed) {
      this.up = false;
      this.outages += 1;
      this.downSince = Date.now();
      this.attempt = 0;
      this.logger?.error('database unreachable; no new dials until it answers', { error: this.lastError });
      for (const fn of this.downListeners) fn();
      this.schedulePing();
    }
    return true;
  }

  /** Asks the database now; ends an outage if it answers. */
  async check(timeoutMs = 2000): Promise<boolean> {
    try {
      await Promise.race([
        this.pool.query('SELECT 1'),
        new Promise((_, reject) => {
          const t = setTimeout(() => reject(Object.assign(new Error('Connection terminated: no answer to SELECT 1'), { code: '08006' })), timeoutMs);
          t.unref();
        }),
      ]);
      this.markUp();
      return true;
    } catch (err) {
      this.report(err);
      return false;
    }
  }

  private markUp(): void {
    if (this.up) return;
    const downMs = Date.now() - (this.downSince ?? Date.now());
    this.up = true;
    this.downMs += downMs;
    this.downSince = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.logger?.warn('database reachable again', { downSeconds: Math.round(downMs / 100) / 10 });
    for (const fn of this.upListeners) fn(downMs);
  }

  private schedulePing(): void {
    if (this.timer || this.closed) return;
    const ceiling = Math.min(PING_MAX_MS, PING_BASE_MS * 2 ** this.attempt++);
    const wait = ceiling / 2 + Math.random() * (ceiling / 2);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.check().then((ok) => {
        if (!ok) this.schedulePing();
      });
    }, wait);
    // Pings alone never keep a process alive.
    this.timer.unref();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

const monitors = new WeakMap<pg.Pool, DatabaseHealth>();

/** The one health monitor of a pool (server, dialer and metrics of a process share it). */
export function databaseHealth(pool: pg.Pool, logger?: Logger): DatabaseHealth {
  let m = monitors.get(pool);
  if (!m) {
    m = new DatabaseHealth(pool, logger);
    monitors.set(pool, m);
  } else if (logger) m.setLogger(logger);
  return m;
}

/**
 * Makes a pool safe against a server that goes away: every client gets an error
 * listener for its whole life (pg-pool removes its own from a checked-out client, and
 * a connection error then becomes an unhandled 'error' event that ends the process),
 * and pool errors are logged and reported to the health monitor, never thrown.
 */
export function guardPool(pool: pg.Pool, logger?: Logger): pg.Pool {
  const health = databaseHealth(pool, logger);
  pool.on('connect', (client) => {
    client.on('error', (err) => {
      health.report(err);
      logger?.debug('database connection lost', { error: toError(err).message });
    });
  });
  pool.on('error', (err) => {
    health.report(err);
    logger?.warn('idle database connection failed', { error: toError(err).message });
  });
  return pool;
}
