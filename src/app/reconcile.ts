/**
 * Reconciliation of calls whose lease expired: the dialer that claimed them died, or
 * the carrier's final callback never came. The carrier is asked before anything is
 * dialled again, so a crash can neither lose a call nor ring a household twice.
 */
import type pg from 'pg';
import { toError } from '../errors.js';
import type { Logger } from '../log.js';
import { isFinalCallStatus, type CarrierCall, type Telephony } from '../ports/telephony.js';
import { adoptProviderCallId, claimExpired, markLost, ownedProviderCallIds, requeueOrphan, type ExpiredCall } from '../adapters/store/postgres/dialQueue.js';
import type { CallEvents } from './callEvents.js';

/** Calls reconciled per pass (each may cost a carrier request). */
const BATCH = 50;
/**
 * Clock difference we tolerate between our database and the carrier when matching
 * an attempt to the carrier's calls by start time.
 */
const CLOCK_SKEW_MS = 5000;

/**
 * The carrier call that is our attempt, among calls to its number in its window: a
 * live one first (queued, ringing, talking: it must not be dialled again), else the
 * earliest ended one.
 */
export function pickCandidate(calls: readonly CarrierCall[]): CarrierCall | null {
  const live = calls.filter((c) => !isFinalCallStatus(c.status));
  const pool = live.length ? live : calls;
  return [...pool].sort((a, b) => (a.startTime?.getTime() ?? Number.MAX_SAFE_INTEGER) - (b.startTime?.getTime() ?? Number.MAX_SAFE_INTEGER))[0] ?? null;
}

export class Reconciler {
  constructor(
    private readonly o: { pool: pg.Pool; telephony: Telephony; callEvents: CallEvents; logger: Logger; owner: string; leaseSeconds: number },
  ) {}

  /** One pass; returns how many calls were looked at. */
  async run(): Promise<number> {
    const expired = await claimExpired(this.o.pool, this.o.owner, this.o.leaseSeconds, BATCH);
    for (const e of expired) {
      try {
        await this.reconcile(e);
      } catch (err) {
        // Lease stays with us until it expires again; the next pass retries.
        this.o.logger.warn('reconciliation failed', { call: e.callId, error: toError(err).message });
      }
    }
    return expired.length;
  }

  private async reconcile(e: ExpiredCall): Promise<void> {
    if (e.attemptId === null) {
      await requeueOrphan(this.o.pool, e.callId);
      return;
    }
    let carrierCall: CarrierCall | null = null;
    if (e.providerCallId) {
      carrierCall = await this.o.telephony.getCall(e.providerCallId);
    } else {
      const since = new Date((e.attemptCreatedAt ?? new Date()).getTime() - CLOCK_SKEW_MS);
      const found = await this.o.telephony.findCalls({ to: e.phone, startedAfter: since });
      // Calls other attempts already own (an earlier try of this household) are not this one.
      const owned = await ownedProviderCallIds(this.o.pool, found.map((c) => c.providerCallId));
      carrierCall = pickCandidate(found.filter((c) => !owned.has(c.providerCallId)));
      if (!carrierCall) {
        this.o.logger.info('attempt never reached the carrier; call goes back to the queue', { call: e.callId, attempt: e.attemptId });
        await markLost(this.o.pool, e.attemptId);
        return;
      }
      await adoptProviderCallId(this.o.pool, e.attemptId, carrierCall.providerCallId);
    }
    if (!carrierCall) {
      // We hold a CallSid the carrier does not know: the call cannot be running.
      await this.o.callEvents.finish(e.attemptId, { providerCallId: e.providerCallId, status: 'failed', durationSeconds: null, answeredBy: null });
      return;
    }
    if (isFinalCallStatus(carrierCall.status)) {
      this.o.logger.info('final callback missing; applying the carrier\'s final status', { attempt: e.attemptId, status: carrierCall.status });
      await this.o.callEvents.finish(e.attemptId, {
        providerCallId: carrierCall.providerCallId,
        status: carrierCall.status,
        durationSeconds: carrierCall.durationSeconds,
        answeredBy: carrierCall.answeredBy,
      });
    }
    // Still queued, ringing or talking: claimExpired extended the lease; look again later.
  }
}
