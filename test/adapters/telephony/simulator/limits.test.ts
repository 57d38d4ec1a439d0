/**
 * The carrier's limits: calls per second and lines, queued or rejected; and the
 * sliding one-second window that measures them.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import twilio from 'twilio';
import { parseScenario, startSimulator } from '../../../../src/adapters/telephony/simulator/index.js';
import type { ScenarioInput, Simulator } from '../../../../src/adapters/telephony/simulator/index.js';
import { Dispatcher, SlidingWindow } from '../../../../src/adapters/telephony/simulator/limits.js';
import { simulatorClient } from '../../../helpers/twilioClient.js';
import { startOurWebhooks } from './ourWebhooks.js';
import type { OurWebhooks } from './ourWebhooks.js';

let sim: Simulator | undefined;
let ours: OurWebhooks | undefined;
let client: ReturnType<typeof simulatorClient> | undefined;

afterEach(async () => {
  client?.close();
  await sim?.close();
  await ours?.close();
  sim = ours = client = undefined;
});

async function setup(input: ScenarioInput) {
  sim = await startSimulator({ scenario: parseScenario({ personas: [{ name: 'ok', weight: 1, answers: { default: [{ text: '没有' }] } }], ...input }) });
  ours = await startOurWebhooks(sim.authToken);
  ours.route('/answer', () => {
    const r = new twilio.twiml.VoiceResponse();
    r.gather({ input: ['speech'], action: '/done' }).say('请问您家里有人发烧吗？');
    return r.toString();
  });
  ours.route('/done', () => new twilio.twiml.VoiceResponse().hangup().toString());
  client = simulatorClient(sim);
  return { sim, ours, client };
}

function place(c: NonNullable<typeof client>, o: OurWebhooks, i: number) {
  return c.calls.create({ to: `+86138000${String(i).padStart(5, '0')}`, from: '+8602700000000', url: `${o.url}/answer?attempt=${i}`, statusCallback: `${o.url}/status?attempt=${i}` });
}

describe('SlidingWindow', () => {
  it('counts events in half-open one-second windows', () => {
    const w = new SlidingWindow();
    for (const t of [0, 500, 999.9]) w.add(t);
    expect(w.max).toBe(3);
    w.add(1000); // 0 has left: [500, 999.9, 1000]
    expect(w.max).toBe(3);
    expect(w.count(1000)).toBe(3);
    w.add(1200);
    expect(w.max).toBe(4);
    expect(w.count(2500)).toBe(0);
  });

  it('keeps only what the window needs (flat memory for 100k events)', () => {
    const w = new SlidingWindow();
    for (let i = 0; i < 100_000; i++) w.add(i * 2); // 500 a second
    expect(w.max).toBe(500);
    expect(w.held).toBeLessThan(3000);
  });
});

describe('the dispatcher', () => {
  it('gives each start the time it counted it at, so starts measured there never exceed the cap', () => {
    // A clock that moves on every reading: a second reading inside start() would land later.
    let t = 0;
    const now = () => (t += 0.37);
    const d = new Dispatcher({ cps: 5, lines: null, overLimit: 'queue' }, now);
    const measured = new SlidingWindow();
    const ats: number[] = [];
    for (let i = 0; i < 12; i++) d.enqueue((at) => void (ats.push(at), measured.add(at)));
    d.close();
    expect(ats).toHaveLength(5);
    // The times handed over are the ones the dispatcher counted (its window holds all five at the last).
    expect(d.starts.count(ats[4]!)).toBe(5);
    expect(measured.max).toBe(5);
  });
});

describe('calls per second', () => {
  it('queue mode holds calls in queued and dials no more than the cap in any second', async () => {
    const { sim, ours, client } = await setup({ timing: { speed: 1e6 }, carrier: { cps: 20, overLimit: 'queue' } });
    const calls = await Promise.all(Array.from({ length: 45 }, (_, i) => place(client, ours, i)));
    expect(calls.every((c) => c.status === 'queued')).toBe(true);
    expect(sim.stats().queued).toBeGreaterThan(0);
    await sim.idle();
    const stats = sim.stats();
    expect(stats).toMatchObject({ callsCreated: 45, completed: 45, callsRejected: 0, queued: 0, active: 0 });
    expect(stats.maxDialCpsObserved).toBe(20);
    // Creates arrived faster than the cap (how much faster depends on the machine's load):
    // the carrier queued them rather than refusing.
    expect(stats.maxCpsObserved).toBeGreaterThan(20);
    expect(ours.received.every((r) => r.valid)).toBe(true);
  });

  it('reject mode answers 429 / 20429, which the SDK raises as a RestException', async () => {
    const { sim, ours, client } = await setup({ timing: { speed: 1e6 }, carrier: { cps: 3, overLimit: 'reject' } });
    const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => place(client, ours, i)));
    const rejected = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as InstanceType<typeof twilio.RestException>);
    expect(rejected).toHaveLength(2);
    for (const e of rejected) {
      expect(e).toBeInstanceOf(twilio.RestException);
      expect(e.status).toBe(429);
      expect(e.code).toBe(20429);
      expect(e.moreInfo).toBe('https://www.twilio.com/docs/errors/20429');
    }
    await sim.idle();
    expect(sim.stats()).toMatchObject({ callsCreated: 3, callsRejected: 2, maxCpsObserved: 3 });
  });
});

describe('stats reset (between phases of a load test)', () => {
  it('starts the figures over over HTTP, while the carrier limit still counts the creates before it', async () => {
    const { sim, ours, client } = await setup({ timing: { speed: 1e6 }, carrier: { cps: 3, overLimit: 'reject' } });
    await Promise.all([0, 1, 2].map((i) => place(client, ours, i)));
    await sim.idle();
    expect(sim.stats()).toMatchObject({ callsCreated: 3, completed: 3, maxCpsObserved: 3, maxDialCpsObserved: 3 });

    const res = await fetch(`${sim.url}/_sim/stats/reset`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ callsCreated: 0, completed: 0, maxCpsObserved: 0, maxDialCpsObserved: 0, maxActive: 0, firstCreateAt: null, byStatus: {} });

    // Within the same second: the cap of 3 is already used, whatever the figures say.
    await expect(place(client, ours, 3)).rejects.toMatchObject({ status: 429, code: 20429 });
    expect(sim.stats()).toMatchObject({ callsCreated: 0, callsRejected: 1 });
  });
});

describe('lines', () => {
  it('never has more calls up than lines; the rest wait in queued', async () => {
    // speed 50: each call takes a few tens of ms, so calls overlap.
    const { sim, ours, client } = await setup({ timing: { speed: 50, ringSeconds: [0.5, 1], replyDelaySeconds: 0.2 }, carrier: { lines: 3 } });
    await Promise.all(Array.from({ length: 10 }, (_, i) => place(client, ours, i)));
    expect(sim.stats().queued).toBeGreaterThan(0);
    await sim.idle();
    expect(sim.stats()).toMatchObject({ completed: 10, maxActive: 3, byStatus: { completed: 10 } });
  });

  it('reject mode refuses a create when every line is taken', async () => {
    const { sim, ours, client } = await setup({ timing: { speed: 1, ringSeconds: 60 }, carrier: { lines: 2, overLimit: 'reject' } });
    await place(client, ours, 1);
    await place(client, ours, 2);
    await expect(place(client, ours, 3)).rejects.toMatchObject({ status: 429, code: 20429 });
    expect(sim.stats()).toMatchObject({ active: 2, callsRejected: 1 });
  });
});
