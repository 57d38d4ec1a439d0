/**
 * Every carrier fault kind at once: 5xx and 429 on create, created calls whose answer
 * is lost, duplicated, reordered, delayed and lost status callbacks, and a carrier
 * that queues over its own calls-per-second limit.
 */
import { carrierRound } from './carrier.js';
import { expectSound, population, report } from './harness.js';

test('all carrier faults at once: nothing lost, nothing doubled, fevers right', async () => {
  const { figures, sim } = await carrierRound({
    scenario: 'all carrier faults at once',
    households: 250,
    cps: 20,
    lines: 25,
    prefix: '1760000',
    population: population({
      seed: 33,
      carrier: { cps: 15, overLimit: 'queue' },
      faults: {
        restErrorRate: 0.05,
        rest429Rate: 0.05,
        createResponseLossRate: 0.05,
        callbackDuplicateRate: 0.3,
        callbackReorderRate: 0.2,
        callbackLossRate: 0.05,
        callbackDelayMs: [0, 200],
      },
    }),
  });
  report({ ...figures, restFaults: sim.restFaults, callbacksDuplicated: sim.callbacksDuplicated, callbacksReordered: sim.callbacksReordered, callbacksDropped: sim.callbacksDropped });
  expectSound(figures);
  expect(sim.restFaults).toBeGreaterThan(0);
  expect(sim.callbacksDropped).toBeGreaterThan(0);
}, 180_000);
