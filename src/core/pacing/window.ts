/**
 * Calling windows: residents are only called between, say, 08:30 and 20:30 local
 * time of their community. Pure: time zone arithmetic with Intl, no clock reads.
 */

export interface CallingWindow {
  /** Minutes after local midnight, inclusive. */
  startMinute: number;
  /** Minutes after local midnight, exclusive (1440 = midnight). */
  endMinute: number;
}

const WINDOW = /^(\d{1,2}):([0-5]\d)\s*-\s*(\d{1,2}):([0-5]\d)$/;

/** Parses "08:30-20:30"; null when malformed or empty. */
export function parseWindow(text: string): CallingWindow | null {
  const m = WINDOW.exec(text.trim());
  if (!m) return null;
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = Number(m[3]) * 60 + Number(m[4]);
  if (Number(m[1]) > 23 || end > 24 * 60 || start >= end) return null;
  return { startMinute: start, endMinute: end };
}

export function formatMinute(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

export function formatWindow(w: CallingWindow): string {
  return `${formatMinute(w.startMinute)}-${formatMinute(w.endMinute)}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes after local midnight of `at` in time zone `tz`. */
export function localMinute(at: Date, tz: string): number {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(tz, f);
  }
  const parts = f.formatToParts(at);
  const h = Number(parts.find((p) => p.type === 'hour')!.value);
  const m = Number(parts.find((p) => p.type === 'minute')!.value);
  return h * 60 + m;
}

/** True when `at` falls inside the window in time zone `tz`. */
export function insideWindow(at: Date, tz: string, w: CallingWindow): boolean {
  const m = localMinute(at, tz);
  return m >= w.startMinute && m < w.endMinute;
}
