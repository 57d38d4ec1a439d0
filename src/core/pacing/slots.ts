/**
 * Global pacing by time slots (a virtual-scheduling form of GCRA). Every call is
 * given the time it may be dialled; consecutive slots of one key are at least
 * 1/cps apart, whichever process takes them, so no one-second window ever holds more
 * than `cps` dials. The slot state (next free time per key) lives in PostgreSQL and
 * is advanced under a row lock; this module is the arithmetic.
 */

/**
 * Default jitter room: dials leave on a timer and reach the carrier after a few
 * milliseconds of variable delay; spacing `cps` slots over 1 s + marginMs keeps any
 * one-second window at or below the cap while that delay varies by up to marginMs.
 * The dialer passes what it measures (app/jitter.ts); 15 ms is its least.
 */
export const DEFAULT_MARGIN_MS = 15;

export interface SlotKey {
  /** Next free slot time, ms since epoch (may be in the past). */
  nextAt: number;
  /** Calls per second for this key. */
  cps: number;
}

/**
 * Assigns up to `want` slots no later than `horizon` (ms since epoch), respecting
 * every key, consecutive slots of a key (1000 + marginMs) / cps ms apart. Returns the
 * slot times and each key's new `nextAt`.
 */
export function assignSlots(now: number, keys: SlotKey[], want: number, horizon: number, marginMs = DEFAULT_MARGIN_MS): { slots: number[]; nextAt: number[] } {
  const next = keys.map((k) => Math.max(k.nextAt, now));
  const gaps = keys.map((k) => (1000 + marginMs) / k.cps);
  const slots: number[] = [];
  while (slots.length < want) {
    const t = Math.max(...next);
    if (t > horizon) break;
    slots.push(t);
    for (let i = 0; i < next.length; i++) next[i] = t + gaps[i]!;
  }
  return { slots, nextAt: next };
}
