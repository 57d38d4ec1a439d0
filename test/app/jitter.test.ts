/** The pacing margin follows what is measured: the floor when all is quiet, the create round trips' spread when it is wider. */
import { JitterMeter, LATE_TOLERANCE_MS, MAX_MARGIN_MS, TRANSIT_FLOOR_MS } from '../../src/app/jitter.js';

test('a quiet meter leaves the floor: re-slot tolerance plus the transit floor', () => {
  const j = new JitterMeter();
  expect(j.transitSpreadMs()).toBe(0);
  expect(j.marginMs()).toBe(LATE_TOLERANCE_MS + TRANSIT_FLOOR_MS);
});

test('round trips that differ by less than the floor change nothing', () => {
  const j = new JitterMeter();
  for (const ms of [2, 4, 3, 7]) j.recordTransit(ms);
  expect(j.transitSpreadMs()).toBe(5);
  expect(j.marginMs()).toBe(LATE_TOLERANCE_MS + TRANSIT_FLOOR_MS);
});

test('a create answered 30 ms later than the quickest widens the margin by that much', () => {
  const j = new JitterMeter();
  for (const ms of [2, 32, 5]) j.recordTransit(ms);
  expect(j.transitSpreadMs()).toBe(30);
  expect(j.marginMs()).toBe(LATE_TOLERANCE_MS + 30);
});

test('the margin never costs more than its bound', () => {
  const j = new JitterMeter();
  j.recordTransit(1);
  j.recordTransit(1000);
  expect(j.marginMs()).toBe(MAX_MARGIN_MS);
});
