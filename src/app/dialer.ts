/**
 * The dialer: claims due calls of running rounds from PostgreSQL and places them
 * through the carrier at their pacing slots. Any number of dialers (processes) may
 * share one database: claims use FOR UPDATE SKIP LOCKED, and the calls-per-second and
 * line limits are enforced in the claim transaction itself (core/pacing/slots.ts), so
 * they hold globally.
 *
 * Crash safety: the attempt row exists before the carrier is asked, every callback
 * URL carries the attempt id, and calls whose lease expired are reconciled with the
 * carrier (reconcile.ts) before anything is dialled again. Placing a call and writing
 * back its outcome is placer.ts.
 */
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import PQueue from 'p-queue';
import type pg from 'pg';
import type { Config } from '../config.js';
import { UnavailableError, toError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Telephony } from '../ports/telephony.js';
import { insideWindow, parseWindow } from '../core/pacing/window.js';
import { claimCalls, completeFinishedRounds, reslot, runningRounds, unclaim, type ClaimedCall, type RunningRound } from '../adapters/store/postgres/dialQueue.js';
import { forgetStaleDialers, reconcileOwnLiveSoon } from '../adapters/store/postgres/dialers.js';
import { databaseHealth, type DatabaseHealth } from '../adapters/store/postgres/health.js';
import { Listener } from '../adapters/store/postgres/listener.js';
import { SlidingWindow } from '../util/slidingWindow.js';
import { DIALER_CHANNEL, type CallEvents } from './callEvents.js';
import { Reconciler } from './reconcile.js';
import { Placer } from './placer.js';
import { JitterMeter, LATE_TOLERANCE_MS } from './jitter.js';

type ScheduledCall = ClaimedCall & { roundId: number };

export interface DialerUrls {
  answer(attemptId: number): string;
  status(attemptId: number): string;
  /** Asynchronous AMD's verdict (needed when TIWEN_MACHINE_DETECTION=async). */
  amd?(attemptId: number): string;
  /** Asked by the carrier when one of our webhooks fails: a Mandarin apology, not the carrier's English one. */
  fallback?(attemptId: number): string;
  /** Where a recorded call's recording is announced (Gather dialogues with TIWEN_RECORDINGS=on). */
  recorded?(attemptId: number): string;
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
  /** Dials that missed their slot by more than LATE_TOLERANCE_MS and were given a new one. */
  late: number;
  /** The latest a dial left after its slot, in ms. */
  maxLateMs: number;
  /** Most dials this process sent in any sliding one-second window (by send time). */
  maxPerSecond: number;
  /** Widest jitter room its slots were given (ms per second of dials), from the measured event-loop delay. */
  marginMs: number;
  /** The worst event-loop delay it measured (ms). */
  maxLoopDelayMs: number;
  /** Claimed calls not sent because the database was unreachable at their slot (given back when it answers). */
  heldForOutage: number;
  /** Claimed calls given back unsent at stop (another process takes them at once). */
  givenBackAtStop: number;
}

/** A well-formed CallSid no carrier has: looking it up checks credentials and warms the connection. */
const WARM_UP_CALL_SID = 'CA' + '0'.repeat(32);
/** How often the loop looks again when nothing woke it (a line freed, a slot came up). */
const IDLE_POLL_MS = 200;
/**
 * Least time between two claim passes. Every ended call wakes the dialers (a line is
 * free); at hundreds of calls a second, claiming on every wake-up would spend the
 * database on claim transactions. Claims batch what freed up meanwhile.
 */
const MIN_CLAIM_INTERVAL_MS = 20;
/** Round list refresh: pause/resume/cancel take effect within this (plus the look-ahead). */
const ROUNDS_REFRESH_MS = 250;
/** Expired-lease reconciliation and round completion checks. */
const HOUSEKEEPING_MS = 1000;
/** An overloaded process stops re-slotting a dial after this many tries and sends it. */
const MAX_RESLOTS = 3;
/**
 * After an outage, the calls this dialer holds are reconciled with the carrier this
 * soon: their webhooks may have failed during the gap (a final status never written).
 */
const AFTER_OUTAGE_RECONCILE_SECONDS = 2;
/** A dialer row not refreshed for this long belongs to a process that died; housekeeping deletes it. */
const STALE_DIALER_SECONDS = 60;

export class Dialer {
  readonly id: string;
  private readonly queue: PQueue;
  private stopped = true;
  private loopDone: Promise<void> = Promise.resolve();
  private wake: (() => void) | undefined;
  /** Set by a wake-up that came while the loop was busy; the next sleep is skipped. */
  private woken = false;
  private listener: Listener | undefined;
  /** Dials waiting for their slot, with the call each will place. */
  private readonly timers = new Map<NodeJS.Timeout, ScheduledCall>();
  /** Claimed calls whose slot came while the database was unreachable: never dialled blind, given back when it answers. */
  private held: ScheduledCall[] = [];
  private readonly health: DatabaseHealth;
  private unsubscribeHealth: (() => void) | undefined;
  private readonly placer: Placer;
  private readonly stats_: DialerStats = { claimed: 0, placed: 0, carrierErrors: 0, inflight: 0, scheduled: 0, late: 0, maxLateMs: 0, maxPerSecond: 0, heldForOutage: 0, givenBackAtStop: 0, marginMs: 0, maxLoopDelayMs: 0 };
  private readonly jitter = new JitterMeter();
  private readonly sent = new SlidingWindow();
  private readonly reconciler: Reconciler;
  private readonly now: () => number;
  /** Rounds seen running at the last refresh: a claimed call of any other round is given back. */
  private runningIds = new Set<number>();
  /** Dials whose slot passed before they could leave, waiting for new slots (one transaction per batch). */
  private lateDials: { call: ScheduledCall; reslots: number }[] = [];
  private reslotting: Promise<void> | undefined;
  /** Calls per second of each running round, from the last refresh. */
  private roundCps = new Map<number, number>();

  constructor(private readonly o: DialerOptions) {
    this.id = o.id ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.queue = new PQueue({ concurrency: o.config.dialer.maxInflightRequests });
    this.reconciler = new Reconciler({ pool: o.pool, telephony: o.telephony, callEvents: o.callEvents, logger: o.logger, owner: this.id, leaseSeconds: o.config.dialer.leaseSeconds });
    this.now = o.now ?? Date.now;
    this.health = databaseHealth(o.pool, o.logger);
    this.placer = new Placer({ ...o, dbFailed: (what, err) => this.dbFailed(what, err), transit: (ms) => this.jitter.recordTransit(ms) });
  }

  private nudge(): void {
    this.woken = true;
    this.wake?.();
  }

  stats(): DialerStats {
    return { ...this.stats_, placed: this.placer.placed, carrierErrors: this.placer.carrierErrors, inflight: this.queue.pending + this.queue.size, scheduled: this.timers.size, maxPerSecond: this.sent.max, maxLoopDelayMs: Math.round(this.jitter.worstLoopDelayMs * 10) / 10, marginMs: Math.round(this.stats_.marginMs * 10) / 10 };
  }

  async start(): Promise<void> {
    if (!this.stopped) return;
    // Ask the carrier once before dialling: wrong credentials or an unreachable API fail
    // here with a clear error, and the connection the first call will use is warmed up
    // (its set-up would otherwise delay the first dial past its pacing slot).
    await this.o.telephony.getCall(WARM_UP_CALL_SID).catch((err: unknown) => {
      throw new UnavailableError(
        `The carrier did not answer the dialer's check: ${toError(err).message}`,
        'Check the Twilio settings (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_API_BASE_URL) and that the carrier can be reached.',
      );
    });
    this.stopped = false;
    this.jitter.start();
    this.listener = new Listener({
      pool: this.o.pool,
      channel: DIALER_CHANNEL,
      logger: this.o.logger,
      onNotify: () => this.nudge(),
      // Wake-ups sent while it was down are lost: look now.
      onReconnect: () => this.nudge(),
    });
    await this.listener.start();
    this.unsubscribeHealth = this.health.onUp(() => void this.afterOutage());
    await this.o.pool.query(
      `INSERT INTO dialers (id, host, pid) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET seen_at = now()`,
      [this.id, os.hostname(), process.pid],
    );
    this.o.logger.info('dialer started', { dialer: this.id, provider: this.o.telephony.name });
    this.loopDone = this.loop();
  }

  /**
   * The database answers again after an outage: calls held at their slot go back to
   * the queue (their slots are stale), and every live call this dialer holds is
   * reconciled with the carrier within AFTER_OUTAGE_RECONCILE_SECONDS, before anything is dialled again
   * (its webhooks may have failed during the gap).
   */
  private async afterOutage(): Promise<void> {
    const held = this.held;
    this.held = [];
    for (const call of held) await this.giveBack(call.attemptId).catch((err: unknown) => this.o.logger.warn('could not give back a held call; its lease will run out', { attempt: call.attemptId, error: toError(err).message }));
    const n = await reconcileOwnLiveSoon(this.o.pool, this.id, AFTER_OUTAGE_RECONCILE_SECONDS).catch((err: unknown) => {
      this.health.report(err);
      return 0;
    });
    this.o.logger.info('database back: held calls given back, live calls to be reconciled', { dialer: this.id, givenBack: held.length, reconcile: n });
    this.nudge();
  }

  /**
   * Stops claiming and hands over: calls claimed but not yet sent are given back at
   * once (another dialer takes them without waiting for the lease), the carrier
   * requests in flight are waited for, and placements are written.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.nudge();
    await this.loopDone;
    const unsent = [...this.timers];
    this.timers.clear();
    for (const [t, call] of unsent) {
      clearTimeout(t);
      await this.giveBack(call.attemptId).catch((err: unknown) => this.o.logger.warn('could not give back an unsent call; its lease will run out', { attempt: call.attemptId, error: toError(err).message }));
      this.stats_.givenBackAtStop += 1;
    }
    while (this.timers.size > 0 || this.queue.size > 0 || this.queue.pending > 0 || this.reslotting) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 5);
        t.unref?.();
      });
      await this.reslotting;
      await this.queue.onIdle();
    }
    this.unsubscribeHealth?.();
    this.jitter.stop();
    for (const call of this.held.splice(0)) await this.giveBack(call.attemptId).catch(() => undefined);
    if (this.listener) {
      await this.listener.stop();
      this.listener = undefined;
    }
    await this.placer.drain();
    await this.o.pool.query('DELETE FROM dialers WHERE id = $1', [this.id]).catch(() => undefined);
    this.o.logger.info('dialer stopped', { dialer: this.id, ...this.stats() });
  }

  private async loop(): Promise<void> {
    let rounds: RunningRound[] = [];
    let roundsAt = 0;
    let housekeepingAt = 0;
    while (!this.stopped) {
      let waitMs = IDLE_POLL_MS;
      const passStarted = this.now();
      try {
        const now = this.now();
        if (now - housekeepingAt >= HOUSEKEEPING_MS) {
          housekeepingAt = now;
          await this.reconciler.run();
          const completed = await completeFinishedRounds(this.o.pool);
          for (const id of completed) this.o.logger.info('round completed', { round: id });
          await this.o.pool.query(
            `INSERT INTO dialers (id, host, pid) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET seen_at = now()`,
            [this.id, os.hostname(), process.pid],
          );
          await forgetStaleDialers(this.o.pool, STALE_DIALER_SECONDS);
        }
        if (now - roundsAt >= ROUNDS_REFRESH_MS) {
          rounds = await runningRounds(this.o.pool);
          this.runningIds = new Set(rounds.map((r) => r.id));
          roundsAt = now;
          this.roundCps = new Map(rounds.map((r) => [r.id, Number(r.cps)]));
        }
        for (const round of rounds) {
          if (this.stopped) break;
          const w = parseWindow(`${round.windowStart}-${round.windowEnd}`);
          if (!w || !insideWindow(new Date(now), round.timezone, w)) continue;
          const claimed = await this.claim(round.id);
          if (claimed.length > 0) {
            const last = claimed[claimed.length - 1]!.slotAt;
            // Come back when the look-ahead has room for the next slots.
            waitMs = Math.min(waitMs, Math.max(5, last - this.now() - this.o.config.dialer.lookaheadMs / 2));
          }
        }
      } catch (err) {
        // An unreachable database is an outage (health.ts pings it back); anything else is logged as an error.
        if (!this.health.report(err)) this.o.logger.error('dialer loop error', { dialer: this.id, error: toError(err).message });
        waitMs = 1000;
      }
      if (this.stopped) break;
      const elapsed = this.now() - passStarted;
      if (elapsed < MIN_CLAIM_INTERVAL_MS) await new Promise((resolve) => setTimeout(resolve, MIN_CLAIM_INTERVAL_MS - elapsed));
      await this.sleep(waitMs - Math.max(0, MIN_CLAIM_INTERVAL_MS - elapsed));
    }
  }

  /** Waits up to `ms`, or until woken (a line freed, stop); a wake-up that came meanwhile ends it at once. */
  private async sleep(ms: number): Promise<void> {
    if (this.woken || ms <= 0 || this.stopped) {
      this.woken = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(t);
        this.wake = undefined;
        resolve();
      };
    });
    this.woken = false;
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
      marginMs: this.margin(),
    });
    this.stats_.claimed += claimed.length;
    // The webhook side can then apply these calls' events without reading them first.
    this.o.callEvents.expect(roundId, claimed).catch((err: unknown) => this.o.logger.warn('could not note claimed calls for their webhooks', { round: roundId, error: toError(err).message }));
    for (const call of claimed) this.schedule({ ...call, roundId });
    return claimed;
  }

  /** The jitter room for slots assigned now, from what this process measures. */
  private margin(): number {
    const m = this.jitter.marginMs();
    this.stats_.marginMs = Math.max(this.stats_.marginMs, m);
    return m;
  }

  /** Gives late dials new slots, a batch per round and transaction, until none is waiting. */
  private async reslotLate(): Promise<void> {
    while (this.lateDials.length > 0) {
      const batch = this.lateDials;
      this.lateDials = [];
      const byRound = new Map<number, { call: ScheduledCall; reslots: number }[]>();
      for (const l of batch) byRound.set(l.call.roundId, [...(byRound.get(l.call.roundId) ?? []), l]);
      for (const [roundId, late] of byRound) {
        try {
          const slots = await reslot(this.o.pool, { roundId, provider: this.o.telephony.name, accountCps: this.o.config.dialer.accountCps, count: late.length, marginMs: this.margin() });
          if (slots === null) {
            for (const { call } of late) await this.giveBack(call.attemptId);
          } else {
            late.forEach(({ call, reslots }, i) => this.schedule({ ...call, slotAt: slots[i]! }, reslots + 1));
          }
        } catch (err) {
          // Still claimed and leased: if this keeps failing, the lease runs out and a reconciler takes over.
          this.o.logger.warn('re-slotting late dials failed', { round: roundId, count: late.length, error: toError(err).message });
          late.forEach(({ call, reslots }) => this.schedule({ ...call, slotAt: this.now() + 1000 }, reslots + 1));
        }
      }
    }
    this.reslotting = undefined;
  }

  /**
   * Sends the call at its slot; one that could only leave later than LATE_TOLERANCE_MS
   * gets a new slot instead; a round paused or cancelled meanwhile gets it back unsent.
   */
  private schedule(call: ScheduledCall, reslots = 0): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (this.stopped) {
        void this.queue.add(() => this.giveBack(call.attemptId).catch(() => undefined));
        return;
      }
      if (!this.health.isUp) {
        // Its webhooks could not be answered: keep it until the database is back, then give it back.
        this.stats_.heldForOutage += 1;
        this.held.push(call);
        return;
      }
      const now = this.now();
      // Timers run off the event loop's cached clock and can fire early when the loop was busy.
      if (call.slotAt - now >= 1) {
        this.schedule(call, reslots);
        return;
      }
      if (!this.runningIds.has(call.roundId)) {
        void this.queue.add(() => this.giveBack(call.attemptId).catch((err: unknown) => this.dbFailed('giving back a call of a paused round', err)));
        return;
      }
      const late = now - call.slotAt;
      if (late > LATE_TOLERANCE_MS && reslots < MAX_RESLOTS) {
        this.stats_.late += 1;
        this.lateDials.push({ call, reslots });
        this.reslotting ??= this.reslotLate();
        return;
      }
      this.sent.add(performance.now());
      this.stats_.maxLateMs = Math.max(this.stats_.maxLateMs, late);
      void this.queue.add(() => this.placer.place(call));
    }, Math.max(0, call.slotAt - this.now()));
    this.timers.set(t, call);
  }

  /** A write that failed: the call stays leased, so the reconciler settles it when the lease runs out. */
  private dbFailed(what: string, err: unknown): void {
    this.health.report(err);
    this.o.logger.warn(`${what} failed; the lease will run out and the call be reconciled`, { dialer: this.id, error: toError(err).message });
  }

  /** Gives back a claimed call that was never sent (its round was paused or cancelled). */
  private async giveBack(attemptId: number): Promise<void> {
    this.o.callEvents.forget(attemptId);
    await unclaim(this.o.pool, attemptId);
  }
}
