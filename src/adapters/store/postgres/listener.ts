/**
 * A LISTEN connection that survives the database going away: the client is held
 * outside any query, so its errors come as 'error' events; on one the connection is
 * dropped and opened again with backoff and jitter until it works. Notifications sent
 * while it was down are lost, so `onReconnect` lets the owner look for what it missed.
 */
import type pg from 'pg';
import type { Logger } from '../../../log.js';
import { toError } from '../../../errors.js';
import { databaseHealth } from './health.js';

/** First and largest wait before reconnecting (ms); each wait is drawn between half and all of it. */
const RECONNECT_BASE_MS = 100;
const RECONNECT_MAX_MS = 5000;

export interface ListenerOptions {
  pool: pg.Pool;
  channel: string;
  logger: Logger;
  onNotify: (payload: string | undefined) => void;
  /** After a reconnect (not after the first connect). */
  onReconnect?: () => void;
}

export class Listener {
  private client: pg.PoolClient | undefined;
  /** Removes our listeners from the current client before it goes back to the pool. */
  private detach: (() => void) | undefined;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  /** Reconnections made (for tests and logs). */
  reconnects = 0;

  constructor(private readonly o: ListenerOptions) {}

  /** Connects and listens; throws if the first connection fails (the caller cannot start without a database). */
  async start(): Promise<void> {
    this.stopped = false;
    try {
      await this.connect();
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  private async connect(): Promise<void> {
    const client = await this.o.pool.connect();
    let dropped = false;
    const drop = (err: unknown) => {
      if (dropped) return;
      dropped = true;
      databaseHealth(this.o.pool).report(err);
      if (this.client === client) this.client = undefined;
      // Destroys the broken connection instead of returning it to the pool.
      client.release(toError(err));
      if (!this.stopped) {
        this.o.logger.warn('LISTEN connection lost; reconnecting', { channel: this.o.channel, error: toError(err).message });
        this.scheduleReconnect();
      }
    };
    const onEnd = () => drop(new Error('Connection terminated unexpectedly'));
    const onNotification = (n: pg.Notification) => this.o.onNotify(n.payload);
    client.on('error', drop);
    client.on('end', onEnd);
    client.on('notification', onNotification);
    try {
      await client.query(`LISTEN ${this.o.channel}`);
    } catch (err) {
      drop(err);
      throw err;
    }
    this.client = client;
    this.detach = () => {
      dropped = true;
      client.off('error', drop);
      client.off('end', onEnd);
      client.off('notification', onNotification);
    };
    this.failures = 0;
  }

  private scheduleReconnect(): void {
    if (this.timer || this.stopped) return;
    const ceiling = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** this.failures++);
    const wait = ceiling / 2 + Math.random() * (ceiling / 2);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.stopped) return;
      this.connect().then(
        () => {
          this.reconnects += 1;
          this.o.logger.info('LISTEN connection restored', { channel: this.o.channel, reconnects: this.reconnects });
          this.o.onReconnect?.();
        },
        // connect() scheduled the next try when the LISTEN failed; a failed pool.connect did not.
        () => this.scheduleReconnect(),
      );
    }, wait);
  }

  get connected(): boolean {
    return this.client !== undefined;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    this.detach?.();
    this.detach = undefined;
    // Without our error listener during UNLISTEN, the pool's guard (health.ts) still catches errors.
    let failed: Error | undefined;
    await client.query(`UNLISTEN ${this.o.channel}`).catch((err: unknown) => (failed = toError(err)));
    // A connection that failed its UNLISTEN is destroyed, not pooled.
    client.release(failed);
  }
}
