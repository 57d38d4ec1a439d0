/**
 * The carrier queues calls beyond its calls-per-second limit (as Twilio does) while
 * a quarter of create responses are lost: a queued call has no start time, and the
 * reconciler must still find it (by status) instead of dialling the household again.
 */
import { carrierRound } from './carrier.js';
import { expectSound, population, report } from './harness.js';

test('queued calls with lost create responses are found, never dialled twice', async () => {
  const CARRIER_CPS = 5;
  const { figures, sim } = await carrierRound({
    scenario: 'carrier queue + lost create responses',
    households: 100,
    cps: 15,
    lines: 30,
    prefix: '1750000',
    population: population({ seed: 21, carrier: { cps: CARRIER_CPS, overLimit: 'queue' }, faults: { createResponseLossRate: 0.25 } }),
  });
  report({ ...figures, carrierCps: CARRIER_CPS, carrierMaxDialCps: sim.maxDialCpsObserved, lostResponses: sim.restFaults });
  expectSound(figures);
  expect(sim.restFaults).toBeGreaterThan(0);
  expect(sim.maxDialCpsObserved).toBeLessThanOrEqual(CARRIER_CPS);
}, 180_000);
