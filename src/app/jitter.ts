/**
 * How much our dials' timing wobbles, measured, so that pacing leaves exactly that
 * much room. A dial leaves on a timer and reaches the carrier after the event loop
 * has got round to it; when the loop stalls (a garbage collection, a burst of
 * webhooks), dials bunch. Spacing N dials over 1 s + J instead of 1 s keeps every
 * one-second window at the cap as long as no dial is delayed J more than another.
 *
 * J = LATE_TOLERANCE_MS (a dial later than that is re-slotted, so our own timer
 * lateness is bounded by it) + the largest of: the worst event-loop delay of the last
 * few seconds (what a request waits before it is written, and what an in-process
 * carrier waits before it reads one); the spread of the create requests' round trips
 * of neighbouring seconds (slowest minus quickest: how much later one request can reach
 * a carrier in another process than one sent just before, its own read delays included,
 * as far as they show in its answers); and TRANSIT_FLOOR_MS for what neither shows.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** A dial that could leave only later than this after its slot gets a new slot (see Dialer). */
export const LATE_TOLERANCE_MS = 5;
/** Room for what happens after the request leaves us: network, the carrier's reading of it. */
export const TRANSIT_FLOOR_MS = 10;
/** Never give up more than 10 % of the rate to jitter: beyond that the machine is overloaded. */
export const MAX_MARGIN_MS = 100;
/** Seconds of event-loop history the margin follows (a stall counts for this long). */
const HISTORY_SECONDS = 10;
/** The loop-delay sampler's period in ms: finer costs timers, coarser blurs short stalls. */
const RESOLUTION_MS = 5;

export class JitterMeter {
  private histogram: IntervalHistogram | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Worst loop delay per second, newest last (ms). */
  private readonly seconds: number[] = [];
  private worstEver = 0;
  /** Quickest and slowest create round trip per second, newest last (ms). */
  private readonly transits: { min: number; max: number }[] = [];
  private transitNow: { min: number; max: number } | undefined;

  start(): void {
    if (this.histogram) return;
    this.histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    this.histogram.enable();
    this.timer = setInterval(() => this.roll(), 1000);
    this.timer.unref();
  }

  private roll(): void {
    const h = this.histogram;
    if (!h) return;
    // The histogram records how late each RESOLUTION_MS tick came; its max is the worst stall.
    const worst = h.count > 0 ? Math.max(0, h.max / 1e6 - RESOLUTION_MS) : 0;
    h.reset();
    this.seconds.push(worst);
    if (this.seconds.length > HISTORY_SECONDS) this.seconds.shift();
    this.worstEver = Math.max(this.worstEver, worst);
    if (this.transitNow) this.transits.push(this.transitNow);
    this.transitNow = undefined;
    if (this.transits.length > HISTORY_SECONDS) this.transits.shift();
  }

  /** One create request's round trip to the carrier (ms), for the transit spread. */
  recordTransit(ms: number): void {
    const t = this.transitNow;
    if (!t) this.transitNow = { min: ms, max: ms };
    else {
      t.min = Math.min(t.min, ms);
      t.max = Math.max(t.max, ms);
    }
  }

  /**
   * Slowest minus quickest create round trip within any two neighbouring seconds of the
   * last few (ms): a one-second window of dials spans at most two of them, and only dials
   * that close together can bunch into one (a slow drift over many seconds cannot).
   */
  transitSpreadMs(): number {
    const all = this.transitNow ? [...this.transits, this.transitNow] : this.transits;
    let spread = 0;
    for (let i = 0; i < all.length; i++) {
      const a = all[i]!;
      const b = all[i + 1] ?? a;
      spread = Math.max(spread, Math.max(a.max, b.max) - Math.min(a.min, b.min));
    }
    return spread;
  }

  /** The worst event-loop delay of the last seconds, ms (the current second included). */
  recentLoopDelayMs(): number {
    const h = this.histogram;
    const current = h && h.count > 0 ? Math.max(0, h.max / 1e6 - RESOLUTION_MS) : 0;
    return Math.max(current, ...this.seconds, 0);
  }

  /** Extra milliseconds per second of dials that slots leave for jitter. */
  marginMs(): number {
    return Math.min(MAX_MARGIN_MS, LATE_TOLERANCE_MS + Math.max(TRANSIT_FLOOR_MS, this.recentLoopDelayMs(), this.transitSpreadMs()));
  }

  /** The worst loop delay seen since start (ms), for the dialer's stats. */
  get worstLoopDelayMs(): number {
    return Math.max(this.worstEver, this.recentLoopDelayMs());
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.histogram?.disable();
    this.histogram = undefined;
  }
}
