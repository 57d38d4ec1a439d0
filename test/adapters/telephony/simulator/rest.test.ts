/**
 * The REST side as the official SDK uses it: create errors, fetch, list (the
 * reconciliation of a lost create), hang-up, auth.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import twilio from 'twilio';
import { parseScenario, startSimulator } from '../../../../src/adapters/telephony/simulator/index.js';
import type { ScenarioInput, Simulator } from '../../../../src/adapters/telephony/simulator/index.js';
import { simulatorClient } from '../../../helpers/twilioClient.js';
import { startOurWebhooks } from './ourWebhooks.js';
import type { OurWebhooks } from './ourWebhooks.js';

let sim: Simulator;
let ours: OurWebhooks;
let client: ReturnType<typeof simulatorClient>;
const clients: Array<{ close(): void }> = [];

async function setup(input: ScenarioInput = {}) {
  sim = await startSimulator({ scenario: parseScenario(input) });
  ours = await startOurWebhooks(sim.authToken);
  ours.route('/answer', () => {
    const r = new twilio.twiml.VoiceResponse();
    r.pause({ length: 3600 });
    return r.toString();
  });
  client = simulatorClient(sim);
  clients.push(client);
}

function place(to: string, c = client) {
  return c.calls.create({ to, from: '+8602700000000', url: `${ours.url}/answer`, statusCallback: `${ours.url}/status`, statusCallbackEvent: ['ringing', 'answered', 'completed'] });
}

function basic(user: string, pass: string): string {
  return 'Basic ' + Buffer.from(`${user}:${pass}`).toString('base64');
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await sim?.close();
  await ours?.close();
});

describe('errors in Twilio shape', () => {
  beforeEach(() => setup({ timing: { speed: 1e6 } }));

  it('401 / 20003 for a bad auth token', async () => {
    const bad = simulatorClient(sim, { authToken: 'wrong' });
    clients.push(bad);
    await expect(place('+8613800000001', bad)).rejects.toMatchObject({ status: 401, code: 20003, moreInfo: 'https://www.twilio.com/docs/errors/20003' });
  });

  it('404 for an account sid it does not know', async () => {
    const res = await fetch(`${sim.url}/2010-04-01/Accounts/AC${'1'.repeat(32)}/Calls.json`, { headers: { Authorization: basic(sim.accountSid, sim.authToken) } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 20404, status: 404 });
  });

  it('400 with 21201 / 21213 / 21205 for a missing To, From or bad Url', async () => {
    const post = async (form: Record<string, string>) => {
      const res = await fetch(`${sim.url}/2010-04-01/Accounts/${sim.accountSid}/Calls.json`, {
        method: 'POST',
        headers: { Authorization: basic(sim.accountSid, sim.authToken), 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      });
      return { status: res.status, body: (await res.json()) as { code: number; message: string; more_info: string; status: number } };
    };
    expect(await post({ From: '+1', Url: 'http://x/' })).toMatchObject({ status: 400, body: { code: 21201, status: 400, more_info: 'https://www.twilio.com/docs/errors/21201' } });
    expect(await post({ To: '+1', Url: 'http://x/' })).toMatchObject({ status: 400, body: { code: 21213 } });
    expect(await post({ To: '+1', From: '+2', Url: 'not a url' })).toMatchObject({ status: 400, body: { code: 21205 } });
    expect(sim.stats().callsCreated).toBe(0);
  });
});

describe('injected REST faults', () => {
  it('restErrorRate 1: every create answers 500, and no call is placed', async () => {
    await setup({ faults: { restErrorRate: 1 } });
    await expect(place('+8613800000001')).rejects.toMatchObject({ status: 500, code: 20500 });
    expect(sim.stats()).toMatchObject({ callsCreated: 0, restFaults: 1 });
  });

  it('rest429Rate 1: every create answers 429 / 20429', async () => {
    await setup({ faults: { rest429Rate: 1 } });
    await expect(place('+8613800000001')).rejects.toMatchObject({ status: 429, code: 20429 });
  });

  it('createResponseLossRate 1: the call is placed but the answer is a 500; the list finds it', async () => {
    await setup({ timing: { speed: 1e6 }, faults: { createResponseLossRate: 1 } });
    ours.route('/answer', () => new twilio.twiml.VoiceResponse().hangup().toString());
    const before = new Date(Date.now() - 1000);
    await expect(place('+8613800000042')).rejects.toMatchObject({ status: 500 });
    const found = await client.calls.list({ to: '+8613800000042', startTimeAfter: before });
    expect(found).toHaveLength(1);
    await sim.idle();
    expect((await client.calls(found[0]!.sid).fetch()).status).toBe('completed');
  });
});

describe('fetch, list and hang up', () => {
  beforeEach(() => setup({ timing: { speed: 1, ringSeconds: 30 }, numbers: { '+8613800000009': { outcome: 'answered', ringSeconds: 0 } } }));

  it('GET a call shows its current status; Status=canceled hangs up a ringing call', async () => {
    const call = await place('+8613800000001');
    await ours.until(() => ours.callbacks(call.sid).length >= 1, 'ringing');
    expect((await client.calls(call.sid).fetch()).status).toBe('ringing');
    const updated = await client.calls(call.sid).update({ status: 'canceled' });
    expect(updated.status).toBe('canceled');
    await sim.idle();
    expect(ours.callbacks(call.sid).map((c) => c.params.CallStatus)).toEqual(['ringing', 'canceled']);
    const fetched = await client.calls(call.sid).fetch();
    expect(fetched).toMatchObject({ status: 'canceled', duration: '0' });
  });

  it('Status=completed hangs up a call in progress', async () => {
    const call = await place('+8613800000009');
    await ours.until(() => ours.requests(call.sid).length === 1, 'the answer request');
    expect((await client.calls(call.sid).fetch()).status).toBe('in-progress');
    // canceled does not touch a call in progress (Twilio's rule)
    expect((await client.calls(call.sid).update({ status: 'canceled' })).status).toBe('in-progress');
    await client.calls(call.sid).update({ status: 'completed' });
    await sim.idle();
    expect(ours.callbacks(call.sid).map((c) => c.params.CallStatus)).toEqual(['ringing', 'in-progress', 'completed']);
    expect((await client.calls(call.sid).fetch()).status).toBe('completed');
  });

  it('lists by To, StartTime and Status, newest first, in pages', async () => {
    const since = new Date(Date.now() - 1000);
    const a = await place('+8613800000001');
    const b = await place('+8613800000001');
    const c = await place('+8613800000002');
    const list = await client.calls.list({ to: '+8613800000001', startTimeAfter: since });
    expect(list.map((x) => x.sid)).toEqual([b.sid, a.sid]);
    expect(await client.calls.list({ to: '+8613800000001', startTimeAfter: new Date(Date.now() + 60_000) })).toEqual([]);
    // Twilio's documented raw form: StartTime>=YYYY-MM-DD
    const today = new Date().toISOString().slice(0, 10);
    const raw = await fetch(`${sim.url}/2010-04-01/Accounts/${sim.accountSid}/Calls.json?To=%2B8613800000002&StartTime>=${today}`, { headers: { Authorization: basic(sim.accountSid, sim.authToken) } });
    const body = (await raw.json()) as { calls: Array<{ sid: string; status: string }>; page: number; page_size: number; next_page_uri: string | null };
    expect(body).toMatchObject({ page: 0, page_size: 50, next_page_uri: null });
    expect(body.calls.map((x) => x.sid)).toEqual([c.sid]);
    // Paging through the SDK follows next_page_uri
    const paged = await client.calls.list({ pageSize: 1, limit: 3 });
    expect(paged.map((x) => x.sid)).toEqual([c.sid, b.sid, a.sid]);
    await client.calls(a.sid).update({ status: 'canceled' });
    expect((await client.calls.list({ status: 'canceled' })).map((x) => x.sid)).toEqual([a.sid]);
  });

  it('GET /_sim/stats answers JSON', async () => {
    await place('+8613800000001');
    const stats = (await (await fetch(`${sim.url}/_sim/stats`)).json()) as Record<string, unknown>;
    expect(stats).toMatchObject({ callsCreated: 1, active: 1, maxActive: 1, maxCpsObserved: 1 });
    expect(typeof stats.firstCreateAt).toBe('number');
  });
});
