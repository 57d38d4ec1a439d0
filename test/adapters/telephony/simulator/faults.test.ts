/**
 * Status-callback faults happen at the configured rates, reproducibly for a seed,
 * and exactly as the stats say.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import twilio from 'twilio';
import { parseScenario, startSimulator } from '../../../../src/adapters/telephony/simulator/index.js';
import type { ScenarioInput, Simulator, SimulatorStats } from '../../../../src/adapters/telephony/simulator/index.js';
import { simulatorClient } from '../../../helpers/twilioClient.js';
import { startOurWebhooks } from './ourWebhooks.js';
import type { OurWebhooks, Received } from './ourWebhooks.js';

const CALLS = 300;
const open: Array<{ close(): unknown }> = [];

afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

async function run(faults: ScenarioInput['faults']): Promise<{ stats: SimulatorStats; callbacks: Map<string, Received[]> }> {
  const sim: Simulator = await startSimulator({
    scenario: parseScenario({ seed: 42, timing: { speed: 1e6 }, personas: [{ name: 'ok', weight: 1, answers: { default: [{ text: '没有' }] } }], faults }),
  });
  const ours: OurWebhooks = await startOurWebhooks(sim.authToken);
  const client = simulatorClient(sim);
  open.push(ours, sim, client);
  ours.route('/answer', () => new twilio.twiml.VoiceResponse().hangup().toString());
  for (let batch = 0; batch < CALLS; batch += 50) {
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        client.calls.create({
          to: `+86138${String(batch + i).padStart(8, '0')}`,
          from: '+8602700000000',
          url: `${ours.url}/answer`,
          statusCallback: `${ours.url}/status`,
          statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
        }),
      ),
    );
  }
  await sim.idle();
  expect(ours.received.every((r) => r.valid)).toBe(true);
  const callbacks = new Map<string, Received[]>();
  for (const r of ours.received) if (r.path === '/status') callbacks.set(r.params.CallSid!, [...(callbacks.get(r.params.CallSid!) ?? []), r]);
  return { stats: sim.stats(), callbacks };
}

describe('callback faults', () => {
  it('duplicates and losses happen at the configured rates, and the same seed gives the same run', async () => {
    const { stats, callbacks } = await run({ callbackDuplicateRate: 0.2, callbackLossRate: 0.1, callbackDelayMs: [0, 2] });
    const emitted = CALLS * 4;
    expect(stats.callbacksDropped / emitted).toBeGreaterThan(0.06);
    expect(stats.callbacksDropped / emitted).toBeLessThan(0.14);
    expect(stats.callbacksDuplicated / (emitted - stats.callbacksDropped)).toBeGreaterThan(0.15);
    expect(stats.callbacksDuplicated / (emitted - stats.callbacksDropped)).toBeLessThan(0.25);

    let duplicates = 0;
    for (const list of callbacks.values()) {
      const seqs = list.map((r) => Number(r.params.SequenceNumber));
      duplicates += seqs.length - new Set(seqs).size;
    }
    const seen = [...callbacks.values()].reduce((n, list) => n + new Set(list.map((r) => r.params.SequenceNumber)).size, 0);
    const missing = emitted - seen;
    expect(duplicates).toBe(stats.callbacksDuplicated);
    expect(missing).toBe(stats.callbacksDropped);
    expect(stats.callbacksSent).toBe(emitted - stats.callbacksDropped + stats.callbacksDuplicated);

    const again = await run({ callbackDuplicateRate: 0.2, callbackLossRate: 0.1, callbackDelayMs: [0, 2] });
    expect(again.stats.callbacksDropped).toBe(stats.callbacksDropped);
    expect(again.stats.callbacksDuplicated).toBe(stats.callbacksDuplicated);
  });

  it('reordering swaps a callback with the next one', async () => {
    const { stats, callbacks } = await run({ callbackReorderRate: 0.25 });
    let swaps = 0;
    for (const list of callbacks.values()) {
      const seqs = list.map((r) => Number(r.params.SequenceNumber));
      expect([...seqs].sort((a, b) => a - b)).toEqual([0, 1, 2, 3]);
      for (let i = 1; i < seqs.length; i++) if (seqs[i]! < seqs[i - 1]!) swaps++;
    }
    expect(swaps).toBe(stats.callbacksReordered);
    expect(swaps / (CALLS * 3)).toBeGreaterThan(0.12);
    expect(swaps / (CALLS * 3)).toBeLessThan(0.3);
  });
});
