/**
 * Placing claimed calls with the carrier and writing back what happened: the CallSid
 * of a placed call (in batches), a refusal (back to the queue, or unreachable), or an
 * unknown outcome (reconciled with the carrier within seconds).
 */
import { recordingsOn } from '../config.js';
import { toError } from '../errors.js';
import { CarrierError } from '../ports/telephony.js';
import { markPlaced, reconcileSoon, releaseUnplaced, type ClaimedCall } from '../adapters/store/postgres/dialQueue.js';
import { maskPhone } from '../util/mask.js';
import type { DialerOptions } from './dialer.js';

/**
 * After a placement whose outcome is unknown (5xx, timeout), ask the carrier this soon:
 * long enough for a call it did take to show up in its records.
 */
const UNKNOWN_PLACEMENT_RECONCILE_SECONDS = 2;
/**
 * Placements (CallSids) are written in batches this often: one statement instead of one
 * per call. Nothing depends on the write being immediate (webhooks carry the CallSid too).
 */
const PLACED_FLUSH_MS = 20;

/** What the placer shares with its dialer, and how it reports a failed database write. */
export type PlacerOptions = Pick<DialerOptions, 'pool' | 'telephony' | 'callEvents' | 'config' | 'logger' | 'urls' | 'from'> & {
  /** A database write failed: the dialer logs it and reports the outage. */
  dbFailed(what: string, err: unknown): void;
  /** How long a create request took to be answered (ms): pacing leaves room for its spread. */
  transit?(ms: number): void;
};

export class Placer {
  placed = 0;
  carrierErrors = 0;
  private buffer: { attemptId: number; providerCallId: string }[] = [];
  private flushing: Promise<void> | undefined;
  /** Set by drain: a failed write is not retried any more (the process is leaving). */
  private draining = false;

  constructor(private readonly o: PlacerOptions) {}

  /** Writes every placement still buffered. */
  async drain(): Promise<void> {
    this.draining = true;
    await this.flushing;
    if (this.buffer.length) await this.flush();
  }

  /** Writes the buffered placements; hangs up any whose attempt was reconciled as lost meanwhile. */
  private async flush(): Promise<void> {
    const batch = this.buffer;
    this.buffer = [];
    this.flushing = undefined;
    try {
      const lost = await markPlaced(this.o.pool, batch, this.o.config.dialer.leaseSeconds);
      for (const l of lost) {
        this.o.callEvents.forget(l.attemptId);
        // A reconciler gave this attempt up while the request was in flight: never let two calls ring.
        this.o.logger.warn('attempt was reconciled as lost while being placed; hanging up', { attempt: l.attemptId });
        await this.o.telephony.hangup(l.providerCallId).catch((err: unknown) => this.o.logger.error('hang-up failed', { attempt: l.attemptId, error: toError(err).message }));
      }
    } catch (err) {
      // Keep them for the next flush; meanwhile webhooks and reconciliation know the calls by CallSid.
      this.o.logger.warn('recording placements failed; will retry', { count: batch.length, error: toError(err).message });
      this.buffer.push(...batch);
      // Leaving with the database down: the reconciler finds these calls by number instead.
      if (!this.draining) this.flushing ??= new Promise<void>((resolve) => setTimeout(resolve, 1000)).then(() => this.flush());
    }
  }

  /** Places the call; never rejects (a write that failed leaves the call leased, for the reconciler). */
  async place(call: ClaimedCall): Promise<void> {
    await this.placeOnce(call).catch((err: unknown) => this.o.dbFailed('recording a placement outcome', err));
  }

  private async placeOnce(call: ClaimedCall): Promise<void> {
    const { telephony, urls, config, pool, logger } = this.o;
    const sent = performance.now();
    try {
      const { providerCallId } = await telephony.placeCall({
        attemptId: call.attemptId,
        to: call.phone,
        from: this.o.from,
        answerUrl: urls.answer(call.attemptId),
        statusCallbackUrl: urls.status(call.attemptId),
        timeoutSeconds: config.dialer.ringTimeoutSeconds,
        machineDetection: config.dialer.machineDetection,
        ...(urls.amd ? { amdCallbackUrl: urls.amd(call.attemptId) } : {}),
        ...(urls.fallback ? { fallbackUrl: urls.fallback(call.attemptId) } : {}),
        // <Record> keeps each answer with TIWEN_STT=google; with <Gather> the whole call is recorded instead.
        ...(urls.recorded && recordingsOn(config) && config.speech.stt === 'gather' ? { record: { recordingStatusUrl: urls.recorded(call.attemptId) } } : {}),
      });
      this.o.transit?.(performance.now() - sent);
      this.placed += 1;
      this.buffer.push({ attemptId: call.attemptId, providerCallId });
      this.flushing ??= new Promise<void>((resolve) => setTimeout(resolve, PLACED_FLUSH_MS)).then(() => this.flush());
    } catch (err) {
      this.carrierErrors += 1;
      const e = toError(err);
      if (e instanceof CarrierError && e.details.accepted !== 'unknown') {
        this.o.callEvents.forget(call.attemptId);
        if (e.retryable) {
          // The carrier's Retry-After when it gives one, else our carrier-error backoff.
          const after = e.details.retryAfterMs !== undefined ? e.details.retryAfterMs / 1000 : config.retry.carrierErrorBaseSeconds * config.retry.timeScale;
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
