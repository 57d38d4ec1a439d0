/**
 * The dialer: claims due calls of running rounds from PostgreSQL and places them
 * through the carrier at their pacing slots. Any number of dialers (processes) may
 * share one database: claims use FOR UPDATE SKIP LOCKED, and the calls-per-second and
 * line limits are enforced in the claim transaction itself (core/pacing/slots.ts), so
 * they hold globally.
 *
 * Crash safety: the attempt row exists before the carrier is asked, every callback
 * URL carries the attempt id, and calls whose lease expired are reconciled with the
 * carrier (reconcile.ts) before anything is dialled again.
 */
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import PQueue from 'p-queue';
import type pg from 'pg';
import type { Config } from '../config.js';
import { toError } from '../errors.js';
import type { Logger } from '../log.js';
import { CarrierError, type Telephony } from '../ports/telephony.js';
import { insideWindow, parseWindow } from '../core/pacing/window.js';
import { claimCalls, completeFinishedRounds, markPlaced, reconcileSoon, releaseUnplaced, runningRounds, takeSlot, unclaim, type ClaimedCall, type RunningRound } from '../adapters/store/postgres/dialQueue.js';
import { maskPhone } from '../util/mask.js';
import { DIALER_CHANNEL, type CallEvents } from './callEvents.js';
import { Reconciler } from './reconcile.js';

export interface DialerUrls {
  answer(attemptId: number): string;
  status(attemptId: number): string;
}

export interface DialerOptions {
  pool: pg.Pool;
  telephony: Telephony;
  callEvents: CallEvents;
  config: Config;
  logger: Logger;
  urls: DialerUrls;
  /** Caller id in E.164. */
  from: string;
  id?: string;
  /** Wall clock in ms (tests may pass their own); pacing slots themselves come from the database clock. */
  now?: () => number;
}

export interface DialerStats {
  claimed: number;
  placed: number;
  carrierErrors: number;
  inflight: number;
  scheduled: number;
  /** Dials sent later than their slot by more than LATE_TOLERANCE_MS, and so given a new slot. */
  reslotted: number;
  /** The latest a dial left after its slot, in ms (re-slotted ones excluded). */
  maxLateMs: number;
}

/** How often the loop looks again when nothing woke it (a line freed, a slot came up). */
const IDLE_POLL_MS = 200;
/** Round list refresh: pause/resume/cancel take effect within this (plus the look-ahead). */
const ROUNDS_REFRESH_MS = 250;
/** Expired-lease reconciliation and round completion checks. */
const HOUSEKEEPING_MS = 1000;
/**
 * After a placement whose outcome is unknown (5xx, timeout), ask the carrier this soon:
 * long enough for a call it did take to show up in its records.
 */
const UNKNOWN_PLACEMENT_RECONCILE_SECONDS = 2;
/**
 * A dial that would leave more than this after its slot gets a new slot instead:
 * slots carry a 1.5% spacing margin (core/pacing/slots.ts), about 15 ms per second
 * of calls, which must absorb this lateness plus the network's jitter.
 */
const LATE_TOLERANCE_MS = 5;
/** Re-slotting gives up after this many tries and dials anyway (an overloaded process). */
const MAX_RESLOTS = 5;

export class Dialer {
  readonly id: string;
  private readonly queue: PQueue;
  private stopped = true;
  private loopDone: Promise<void> = Promise.resolve();
  private wake: (() => void) | undefined;
  private listener: pg.PoolClient | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly stats_: DialerStats = { claimed: 0, placed: 0, carrierErrors: 0, inflight: 0, scheduled: 0, reslotted: 0, maxLateMs: 0 };
  private readonly reconciler: Reconciler;
  private readonly now: () => number;
  /** Rounds seen running at the last refresh: a claimed call of any other round is given back. */
  private runningIds = new Set<number>();

  constructor(private readonly o: DialerOptions) {
    this.id = o.id ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.queue = new PQueue({ concurrency: o.config.dialer.maxInflightRequests });
    this.reconciler = new Reconciler({ pool: o.pool, telephony: o.telephony, callEvents: o.callEvents, logger: o.logger, owner: this.id, leaseSeconds: o.config.dialer.leaseSeconds });
    this.now = o.now ?? Date.now;
  }

  stats(): DialerStats {
    return { ...this.stats_, inflight: this.queue.pending + this.queue.size, scheduled: this.timers.size };
  }

  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    this.listener = await this.o.pool.connect();
    this.listener.on('notification', () => this.wake?.());
    await this.listener.query(`LISTEN ${DIALER_CHANNEL}`);
    await this.o.pool.query(
      `INSERT INTO dialers (id, host, pid) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET seen_at = now()`,
      [this.id, os.hostname(), process.pid],
    );
    this.o.logger.info('dialer started', { dialer: this.id, provider: this.o.telephony.name });
    this.loopDone = this.loop();
  }

  /**
   * Stops claiming, lets calls already claimed reach the carrier (at most the
   * look-ahead away) and waits for the carrier requests in flight.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.wake?.();
    await this.loopDone;
    while (this.timers.size > 0 || this.queue.size > 0 || this.queue.pending > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 5);
        t.unref?.();
      });
      await this.queue.onIdle();
    }
    if (this.listener) {
      await this.listener.query(`UNLISTEN ${DIALER_CHANNEL}`).catch(() => undefined);
      this.listener.release();
      this.listener = undefined;
    }
    await this.o.pool.query('DELETE FROM dialers WHERE id = $1', [this.id]).catch(() => undefined);
    this.o.logger.info('dialer stopped', { dialer: this.id, ...this.stats_ });
  }

  private async loop(): Promise<void> {
    let rounds: RunningRound[] = [];
    let roundsAt = 0;
    let housekeepingAt = 0;
    while (!this.stopped) {
      let waitMs = IDLE_POLL_MS;
      try {
        const now = this.now();
        if (now - housekeepingAt >= HOUSEKEEPING_MS) {
          housekeepingAt = now;
          await this.reconciler.run();
          const completed = await completeFinishedRounds(this.o.pool);
          for (const id of completed) this.o.logger.info('round completed', { round: id });
          await this.o.pool.query('UPDATE dialers SET seen_at = now() WHERE id = $1', [this.id]);
        }
        if (now - roundsAt >= ROUNDS_REFRESH_MS) {
          rounds = await runningRounds(this.o.pool);
          this.runningIds = new Set(rounds.map((r) => r.id));
          roundsAt = now;
        }
        for (const round of rounds) {
          if (this.stopped) break;
          const w = parseWindow(`${round.windowStart}-${round.windowEnd === '00:00' ? '24:00' : round.windowEnd}`);
          if (!w || !insideWindow(new Date(now), round.timezone, w)) continue;
          const claimed = await this.claim(round.id);
          if (claimed.length > 0) {
            const last = claimed[claimed.length - 1]!.slotAt;
            // Come back when the look-ahead has room for the next slots.
            waitMs = Math.min(waitMs, Math.max(5, last - this.now() - this.o.config.dialer.lookaheadMs / 2));
          }
        }
      } catch (err) {
        this.o.logger.error('dialer loop error', { dialer: this.id, error: toError(err).message });
        waitMs = 1000;
      }
      if (this.stopped) break;
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          this.wake = undefined;
          resolve();
        }, waitMs);
        this.wake = () => {
          clearTimeout(t);
          this.wake = undefined;
          resolve();
        };
      });
    }
  }

  private async claim(roundId: number): Promise<ClaimedCall[]> {
    const d = this.o.config.dialer;
    const claimed = await claimCalls(this.o.pool, {
      roundId,
      owner: this.id,
      provider: this.o.telephony.name,
      leaseSeconds: d.leaseSeconds,
      accountCps: d.accountCps,
      accountLines: d.accountLines,
      batch: d.claimBatch,
      lookaheadMs: d.lookaheadMs,
    });
    this.stats_.claimed += claimed.length;
    this.runningIds.add(roundId);
    for (const call of claimed) this.schedule({ ...call, roundId }, 0);
    return claimed;
  }

  /** Sends the call at its slot; a round paused or cancelled meanwhile gets it back unsent. */
  private schedule(call: ClaimedCall & { roundId: number }, reslots: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      void this.queue.add(async () => {
        if (!this.runningIds.has(call.roundId)) {
          await unclaim(this.o.pool, call.attemptId);
          return;
        }
        const late = this.now() - call.slotAt;
        if (late > LATE_TOLERANCE_MS && reslots < MAX_RESLOTS) {
          this.stats_.reslotted += 1;
          const slot = await takeSlot(this.o.pool, { roundId: call.roundId, provider: this.o.telephony.name, accountCps: this.o.config.dialer.accountCps });
          if (slot === null) await unclaim(this.o.pool, call.attemptId);
          else this.schedule({ ...call, slotAt: slot }, reslots + 1);
          return;
        }
        this.stats_.maxLateMs = Math.max(this.stats_.maxLateMs, late);
        await this.place(call);
      });
    }, Math.max(0, call.slotAt - this.now()));
    this.timers.add(t);
  }

  private async place(call: ClaimedCall): Promise<void> {
    const { telephony, urls, config, pool, logger } = this.o;
    try {
      const { providerCallId } = await telephony.placeCall({
        attemptId: call.attemptId,
        to: call.phone,
        from: this.o.from,
        answerUrl: urls.answer(call.attemptId),
        statusCallbackUrl: urls.status(call.attemptId),
        timeoutSeconds: config.dialer.ringTimeoutSeconds,
        machineDetection: config.dialer.machineDetection,
      });
      this.stats_.placed += 1;
      const ours = await markPlaced(pool, call.attemptId, providerCallId, config.dialer.leaseSeconds);
      if (!ours) {
        // A reconciler gave this attempt up while the request was in flight: never let two calls ring.
        logger.warn('attempt was reconciled as lost while being placed; hanging up', { attempt: call.attemptId });
        await telephony.hangup(providerCallId);
      }
    } catch (err) {
      this.stats_.carrierErrors += 1;
      const e = toError(err);
      if (e instanceof CarrierError && e.details.accepted !== 'unknown') {
        if (e.retryable) {
          const after = Math.max(1, Math.ceil((e.details.retryAfterMs ?? config.retry.carrierErrorBaseSeconds * 1000) / 1000));
          await releaseUnplaced(pool, call.attemptId, e.message, { final: false, retryAfterSeconds: after });
        } else {
          await releaseUnplaced(pool, call.attemptId, e.message, { final: true });
        }
        logger.warn('carrier did not take the call', { attempt: call.attemptId, to: maskPhone(call.phone), error: e.message, retryable: e.retryable });
      } else {
        // The carrier may have the call: the reconciler asks the carrier before any re-dial.
        logger.warn('call placement outcome unknown; will reconcile', { attempt: call.attemptId, to: maskPhone(call.phone), error: e.message });
        await reconcileSoon(pool, call.callId, UNKNOWN_PLACEMENT_RECONCILE_SECONDS);
      }
    }
  }
}
