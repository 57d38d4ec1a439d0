import { assignSlots, DEFAULT_MARGIN_MS } from '../../../src/core/pacing/slots.js';

const gap = (cps: number, margin = DEFAULT_MARGIN_MS) => (1000 + margin) / cps;

describe('assignSlots', () => {
  test('spaced by the slower key, starting now when the keys are idle', () => {
    const r = assignSlots(1000, [{ nextAt: 0, cps: 100 }, { nextAt: 0, cps: 10 }], 3, Infinity);
    expect(r.slots).toEqual([1000, 1000 + gap(10), 1000 + 2 * gap(10)]);
    expect(r.nextAt[1]).toBeCloseTo(1000 + 3 * gap(10));
  });

  test('continues after slots already taken by another dialer', () => {
    const r = assignSlots(1000, [{ nextAt: 1500, cps: 10 }], 2, Infinity);
    expect(r.slots).toEqual([1500, 1500 + gap(10)]);
  });

  test('stops at the horizon', () => {
    const r = assignSlots(0, [{ nextAt: 0, cps: 10 }], 100, 250);
    expect(r.slots).toHaveLength(3); // 0, ~101.5, ~203
  });

  test('a wider jitter margin spreads cps slots over 1 s + margin', () => {
    const r = assignSlots(0, [{ nextAt: 0, cps: 50 }], 51, Infinity, 40);
    expect(r.slots[1]).toBeCloseTo(gap(50, 40));
    expect(r.slots[50]! - r.slots[0]!).toBeCloseTo(1040);
  });

  test('no window of one second ever holds more than cps slots, even with every dial up to the margin late', () => {
    for (const cps of [7, 50, 120]) {
      const { slots } = assignSlots(0, [{ nextAt: 0, cps }], cps * 5, Infinity, 30);
      // The worst case: alternate dials on time and 30 ms late.
      const arrivals = slots.map((t, i) => t + (i % 2 ? 0 : 29.9)).sort((a, b) => a - b);
      let j = 0;
      for (let i = 0; i < arrivals.length; i++) {
        while (arrivals[i]! - arrivals[j]! >= 1000) j++;
        expect(i - j + 1).toBeLessThanOrEqual(cps);
      }
    }
  });

  test('no window of one second ever holds more than cps slots', () => {
    for (const cps of [1, 7, 10, 33, 120, 500]) {
      const { slots } = assignSlots(0, [{ nextAt: 0, cps }], cps * 5, Infinity);
      let j = 0;
      for (let i = 0; i < slots.length; i++) {
        while (slots[i]! - slots[j]! >= 1000) j++;
        expect(i - j + 1).toBeLessThanOrEqual(cps);
      }
    }
  });
});
