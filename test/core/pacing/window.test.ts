import { formatWindow, insideWindow, localMinute, parseWindow } from '../../../src/core/pacing/window.js';

describe('calling windows', () => {
  test.each([
    ['08:30-20:30', { startMinute: 510, endMinute: 1230 }],
    ['8:30 - 20:30', { startMinute: 510, endMinute: 1230 }],
    ['00:00-24:00', { startMinute: 0, endMinute: 1440 }],
  ])('parses %s', (text, w) => {
    expect(parseWindow(text)).toEqual(w);
    expect(formatWindow(w).length).toBe(11);
  });

  test.each(['20:30-08:30', '08:30', '25:00-26:00', '08:60-09:00', '', '09:00-09:00'])('refuses %j', (text) => {
    expect(parseWindow(text)).toBeNull();
  });

  test('local time in the community time zone', () => {
    // 00:30 UTC is 08:30 in Shanghai (UTC+8, no DST).
    expect(localMinute(new Date('2026-03-01T00:30:00Z'), 'Asia/Shanghai')).toBe(510);
    expect(localMinute(new Date('2026-03-01T00:30:00Z'), 'Asia/Urumqi')).toBe(390);
  });

  test('inside and outside', () => {
    const w = parseWindow('08:30-20:30')!;
    expect(insideWindow(new Date('2026-03-01T00:30:00Z'), 'Asia/Shanghai', w)).toBe(true);
    expect(insideWindow(new Date('2026-03-01T00:29:00Z'), 'Asia/Shanghai', w)).toBe(false);
    expect(insideWindow(new Date('2026-03-01T12:30:00Z'), 'Asia/Shanghai', w)).toBe(false); // 20:30 local: closed
  });
});
