/**
 * Counts events in a sliding one-second window on a monotonic clock and remembers the
 * busiest second. Keeps only the events of the last second, so memory stays flat
 * however many events pass.
 */

const WINDOW_MS = 1000;

/** Counts events in the half-open window (t - 1 s, t] and remembers the largest count seen. */
export class SlidingWindow {
  private times: number[] = [];
  private head = 0;
  /** The largest number of events inside any one-second window so far. */
  max = 0;

  private evict(now: number): void {
    const times = this.times;
    while (this.head < times.length && times[this.head]! <= now - WINDOW_MS) this.head++;
    if (this.head > 1024 && this.head * 2 > times.length) {
      this.times = times.slice(this.head);
      this.head = 0;
    }
  }

  /** Events in (now - 1 s, now]. */
  count(now: number): number {
    this.evict(now);
    return this.times.length - this.head;
  }

  add(now: number): number {
    this.evict(now);
    this.times.push(now);
    const n = this.times.length - this.head;
    if (n > this.max) this.max = n;
    return n;
  }

  /** When the oldest event in the window leaves it (ms, same clock), or undefined. */
  nextExpiry(now: number): number | undefined {
    this.evict(now);
    const oldest = this.times[this.head];
    return oldest === undefined ? undefined : oldest + WINDOW_MS;
  }

  /** How many timestamps are held (for the memory test). */
  get held(): number {
    return this.times.length;
  }
}
