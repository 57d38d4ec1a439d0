/**
 * The carrier's limits: calls per second and lines (concurrent calls). A sliding
 * one-second window on a monotonic clock counts events; it keeps only the events of
 * the last second, so memory stays flat however many calls pass.
 */

import { SlidingWindow } from '../../../util/slidingWindow.js';

export { SlidingWindow };

export interface LimitsConfig {
  cps: number | null;
  lines: number | null;
  overLimit: 'queue' | 'reject';
}

interface Waiting {
  /** Runs when the call may dial, with the time the dispatcher counted its start at. */
  start: (at: number) => void;
  cancelled: boolean;
  started: boolean;
  next: Waiting | undefined;
}

/**
 * Admits calls to dialling. In `queue` mode a call waits (status queued) until both a
 * CPS slot and a line are free, in arrival order. In `reject` mode `admitCreate`
 * refuses a create that would go over either limit, and admitted calls start at once.
 */
export class Dispatcher {
  /** Dial starts (calls leaving `queued`) in the last second (queue mode's CPS limit). */
  readonly starts = new SlidingWindow();
  /** Creates accepted in the last second (reject mode's CPS limit). */
  private readonly accepted = new SlidingWindow();
  private active = 0;
  private first: Waiting | undefined;
  private last: Waiting | undefined;
  private waitingCount = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly limits: LimitsConfig,
    private readonly now: () => number,
  ) {}

  get lines(): number {
    return this.active;
  }

  get queued(): number {
    return this.waitingCount;
  }

  /**
   * May a create that arrived at `now` be accepted? Always in queue mode; in reject
   * mode only within the CPS and line limits. An accepted create is counted.
   */
  admitCreate(now: number): boolean {
    if (this.limits.overLimit === 'reject') {
      if (this.limits.cps !== null && this.accepted.count(now) >= this.limits.cps) return false;
      if (this.limits.lines !== null && this.active + this.waitingCount >= this.limits.lines) return false;
    }
    this.accepted.add(now);
    return true;
  }

  /**
   * Queues a call for dialling; `start` runs when it may dial, given the time its start was
   * counted at (a second reading of the clock could put it in another one-second window).
   * Returns a cancel function.
   */
  enqueue(start: (at: number) => void): () => boolean {
    const w: Waiting = { start, cancelled: false, started: false, next: undefined };
    if (this.last) this.last.next = w;
    else this.first = w;
    this.last = w;
    this.waitingCount++;
    this.pump();
    return () => {
      if (w.cancelled || w.started) return false;
      w.cancelled = true;
      this.waitingCount--;
      return true;
    };
  }

  /** A call that was started has ended: its line is free. */
  release(): void {
    this.active--;
    this.pump();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.first = this.last = undefined;
    this.waitingCount = 0;
  }

  private pump(): void {
    if (this.timer || this.closed) return;
    const { cps, lines } = this.limits;
    while (this.first) {
      const w = this.first;
      if (w.cancelled) {
        this.shift();
        continue;
      }
      if (lines !== null && this.active >= lines) return;
      const now = this.now();
      if (cps !== null && this.starts.count(now) >= cps) {
        const at = this.starts.nextExpiry(now) ?? now + 1;
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.pump();
        }, Math.max(1, Math.ceil(at - now)));
        return;
      }
      this.shift();
      w.started = true;
      this.waitingCount--;
      this.active++;
      this.starts.add(now);
      w.start(now);
    }
  }

  private shift(): void {
    this.first = this.first?.next;
    if (!this.first) this.last = undefined;
  }
}
