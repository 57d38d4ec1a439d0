/**
 * Calls placed with the official twilio SDK on the simulator, driving a stand-in of
 * our webhook server that checks every signature.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import twilio from 'twilio';
import { parseScenario, startSimulator } from '../../../../src/adapters/telephony/simulator/index.js';
import type { ScenarioInput, Simulator } from '../../../../src/adapters/telephony/simulator/index.js';
import { simulatorClient } from '../../../helpers/twilioClient.js';
import { startOurWebhooks } from './ourWebhooks.js';
import type { OurWebhooks } from './ourWebhooks.js';

const FROM = '+8602712345678';
const ALL_EVENTS = ['initiated', 'ringing', 'answered', 'completed'];

let sim: Simulator;
let ours: OurWebhooks;
let client: ReturnType<typeof simulatorClient>;

async function setup(input: ScenarioInput, extra: { machineDetection?: boolean } = {}) {
  const scenario = parseScenario({ timing: { speed: 1e6 }, ...input });
  sim = await startSimulator({ scenario, authToken: 'test-token' });
  ours = await startOurWebhooks(sim.authToken);
  client = simulatorClient(sim);
  return extra;
}

function place(to: string, opts: { attempt?: number; machineDetection?: 'Enable' | 'DetectMessageEnd'; timeout?: number } = {}) {
  const attempt = opts.attempt ?? 1;
  return client.calls.create({
    to,
    from: FROM,
    url: `${ours.url}/answer?attempt=${attempt}`,
    statusCallback: `${ours.url}/status?attempt=${attempt}`,
    statusCallbackEvent: ALL_EVENTS,
    statusCallbackMethod: 'POST',
    ...(opts.machineDetection ? { machineDetection: opts.machineDetection } : {}),
    ...(opts.timeout ? { timeout: opts.timeout } : {}),
  });
}

function askFever(input = 'speech dtmf', extra: Record<string, string> = {}): string {
  const r = new twilio.twiml.VoiceResponse();
  r.say({ language: 'zh-CN' }, '您好，这里是光明社区居委会。');
  const g = r.gather({ input: input as never, action: '/gather?attempt=1', method: 'POST', timeout: 5, speechTimeout: 'auto', language: 'cmn-Hans-CN', hints: '有,没有', ...extra });
  g.say({ language: 'zh-CN' }, '请问您家里有人发烧吗？');
  return r.toString();
}

function hangupWith(text: string): string {
  const r = new twilio.twiml.VoiceResponse();
  r.say({ language: 'zh-CN' }, text);
  r.hangup();
  return r.toString();
}

afterEach(async () => {
  client?.close();
  await sim?.close();
  await ours?.close();
});

describe('an answered call', () => {
  beforeEach(async () => {
    await setup({ numbers: { '+8613800000001': { outcome: 'answered', answers: [{ text: '没有', confidence: 0.92 }] } } });
  });

  it('fetches the answer URL, gathers speech, posts SpeechResult and Confidence to the action, and reports every status', async () => {
    ours.route('/answer', () => askFever());
    ours.route('/gather', () => hangupWith('谢谢，再见。'));
    const call = await place('+8613800000001', { attempt: 7 });
    expect(call.sid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(call.status).toBe('queued');
    expect(call.direction).toBe('outbound-api');
    expect(call.apiVersion).toBe('2010-04-01');
    expect(call.accountSid).toBe(sim.accountSid);
    await sim.idle();

    expect(ours.received.every((r) => r.valid)).toBe(true);
    const [answer, gather, ...rest] = ours.requests(call.sid);
    expect(rest).toEqual([]);
    expect(answer).toMatchObject({ path: '/answer', method: 'POST' });
    expect(answer!.url).toContain('?attempt=7');
    expect(answer!.params).toMatchObject({ AccountSid: sim.accountSid, CallSid: call.sid, CallStatus: 'in-progress', Direction: 'outbound-api', From: FROM, To: '+8613800000001', ApiVersion: '2010-04-01' });
    expect(answer!.params.AnsweredBy).toBeUndefined();
    expect(gather!.url).toBe(`${ours.url}/gather?attempt=1`);
    expect(gather!.params).toMatchObject({ SpeechResult: '没有', Confidence: '0.92', CallSid: call.sid });

    const cbs = ours.callbacks(call.sid);
    expect(cbs.map((c) => c.params.CallStatus)).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);
    expect(cbs.map((c) => c.params.SequenceNumber)).toEqual(['0', '1', '2', '3']);
    for (const c of cbs) {
      expect(c.url).toBe(`${ours.url}/status?attempt=7`);
      expect(c.params.CallbackSource).toBe('call-progress-events');
      expect(c.params.Timestamp).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    }
    expect(Number(cbs[3]!.params.CallDuration)).toBeGreaterThanOrEqual(1);

    const fetched = await client.calls(call.sid).fetch();
    expect(fetched.status).toBe('completed');
    expect(Number(fetched.duration)).toBe(Number(cbs[3]!.params.CallDuration));
    expect(fetched.startTime).toBeInstanceOf(Date);
    expect(fetched.endTime).toBeInstanceOf(Date);
    expect(sim.stats()).toMatchObject({ callsCreated: 1, completed: 1, active: 0, byStatus: { completed: 1 }, webhookErrors: 0 });
  });

  it('sends only the terminal callback when no events are asked for', async () => {
    ours.route('/answer', () => hangupWith('好'));
    const call = await client.calls.create({ to: '+8613800000001', from: FROM, url: `${ours.url}/answer`, statusCallback: `${ours.url}/status` });
    await sim.idle();
    expect(ours.callbacks(call.sid).map((c) => c.params.CallStatus)).toEqual(['completed']);
  });

  it('ends the call when our server answers an error, and logs it', async () => {
    ours.route('/answer', () => ({ status: 500, body: 'boom' }));
    const call = await place('+8613800000001');
    await sim.idle();
    expect(ours.callbacks(call.sid).at(-1)!.params.CallStatus).toBe('completed');
    expect(sim.stats().webhookErrors).toBe(1);
  });

  it('ends the call on unparsable TwiML', async () => {
    ours.route('/answer', () => '<Response><Say>半句');
    const call = await place('+8613800000001');
    await sim.idle();
    expect(ours.callbacks(call.sid).at(-1)!.params.CallStatus).toBe('completed');
    expect(sim.stats().webhookErrors).toBe(1);
  });
});

describe('gather input', () => {
  it('posts keypad digits (cut to numDigits); speech to a keypad-only gather is not heard', async () => {
    await setup({
      numbers: {
        '+8613800000002': { outcome: 'answered', answers: [{ digits: '12' }] },
        '+8613800000003': { outcome: 'answered', answers: [{ text: '没有' }] },
      },
    });
    ours.route('/answer', () => askFever('dtmf', { numDigits: '1' }));
    ours.route('/gather', () => hangupWith('谢谢'));
    const a = await place('+8613800000002');
    const b = await place('+8613800000003');
    await sim.idle();
    const [, gather] = ours.requests(a.sid);
    expect(gather!.params.Digits).toBe('1');
    expect(gather!.params.SpeechResult).toBeUndefined();
    // Speech to a dtmf-only Gather: silence; no actionOnEmptyResult, so the document ends.
    expect(ours.requests(b.sid).map((r) => r.path)).toEqual(['/answer']);
  });

  it('on silence posts to the action only with actionOnEmptyResult, else falls through to the next verb', async () => {
    await setup({ personas: [{ name: 'silent', weight: 1, answers: { default: [{ silence: true }] } }] });
    ours.route('/answer', (p) => {
      if (ours.requests(p.CallSid!).length > 1) return hangupWith('我们稍后再联系您');
      const r = new twilio.twiml.VoiceResponse();
      const g = r.gather({ input: ['speech', 'dtmf'], actionOnEmptyResult: p.To === '+8613800000010', timeout: 3 });
      g.say('请问您家里有人发烧吗？');
      r.redirect({ method: 'POST' }, '/after?from=redirect');
      return r.toString();
    });
    ours.route('/after', () => hangupWith('再见'));
    const withEmpty = await place('+8613800000010');
    const fallThrough = await place('+8613800000011');
    await sim.idle();
    // No action attribute: Twilio posts to the current document URL.
    const [, again] = ours.requests(withEmpty.sid);
    expect(again!.url).toBe(`${ours.url}/answer?attempt=1`);
    expect(again!.params.SpeechResult).toBeUndefined();
    expect(again!.params.Digits).toBeUndefined();
    expect(ours.requests(withEmpty.sid)).toHaveLength(2);
    expect(sim.stats().webhookErrors).toBe(0);
    const paths = ours.requests(fallThrough.sid).map((r) => r.url.replace(ours.url, ''));
    expect(paths).toEqual(['/answer?attempt=1', '/after?from=redirect']);
  });

  it('stops at <Hangup/>: later verbs are never run', async () => {
    await setup({ outcomes: { answered: 1 } });
    ours.route('/answer', () => {
      const r = new twilio.twiml.VoiceResponse();
      r.say('再见');
      r.hangup();
      r.redirect('/never');
      return r.toString();
    });
    const call = await place('+8613800000020');
    await sim.idle();
    expect(ours.requests(call.sid).map((r) => r.path)).toEqual(['/answer']);
    expect(ours.callbacks(call.sid).at(-1)!.params.CallStatus).toBe('completed');
  });

  it('records: posts RecordingUrl, RecordingSid and RecordingDuration to the action', async () => {
    await setup({ numbers: { '+8613800000030': { outcome: 'answered', answers: [{ text: '没有人发烧' }] } } });
    ours.route('/answer', () => {
      const r = new twilio.twiml.VoiceResponse();
      r.say('请在提示音后说出家里有没有人发烧。');
      r.record({ action: '/recorded', maxLength: 10 });
      return r.toString();
    });
    ours.route('/recorded', () => hangupWith('好的'));
    const call = await place('+8613800000030');
    await sim.idle();
    const rec = ours.requests(call.sid).find((r) => r.path === '/recorded');
    expect(rec!.params.RecordingSid).toMatch(/^RE[0-9a-f]{32}$/);
    expect(rec!.params.RecordingUrl).toContain(`/Recordings/${rec!.params.RecordingSid}`);
    expect(Number(rec!.params.RecordingDuration)).toBeGreaterThanOrEqual(1);
  });
});

describe('outcomes', () => {
  beforeEach(async () => {
    await setup({
      numbers: {
        '+8613900000001': { outcome: 'busy' },
        '+8613900000002': { outcome: 'no_answer' },
        '+8613900000003': { outcome: 'failed' },
        '+8613900000004': { outcome: 'voicemail' },
        '+8613900000005': [{ outcome: 'busy' }, { outcome: 'answered', answers: [{ text: '有' }] }],
      },
    });
    ours.route('/answer', () => askFever());
    ours.route('/gather', () => hangupWith('谢谢'));
  });

  const statuses = (sid: string) => ours.callbacks(sid).map((c) => c.params.CallStatus);

  it('busy, no-answer and failed report their sequences with CallDuration 0', async () => {
    const busy = await place('+8613900000001');
    const noAnswer = await place('+8613900000002', { timeout: 20 });
    const failed = await place('+8613900000003');
    await sim.idle();
    expect(statuses(busy.sid)).toEqual(['initiated', 'busy']);
    expect(statuses(noAnswer.sid)).toEqual(['initiated', 'ringing', 'no-answer']);
    expect(statuses(failed.sid)).toEqual(['initiated', 'failed']);
    for (const sid of [busy.sid, noAnswer.sid, failed.sid]) {
      expect(ours.callbacks(sid).at(-1)!.params.CallDuration).toBe('0');
      expect(ours.requests(sid)).toEqual([]);
    }
    expect((await client.calls(busy.sid).fetch()).status).toBe('busy');
    expect(sim.stats().byStatus).toEqual({ busy: 1, 'no-answer': 1, failed: 1 });
  });

  it('voicemail is answered by a machine: AnsweredBy machine_start, and it says nothing', async () => {
    const vm = await place('+8613900000004', { machineDetection: 'Enable' });
    await sim.idle();
    const [answer, next] = ours.requests(vm.sid);
    expect(answer!.params.AnsweredBy).toBe('machine_start');
    expect(next).toBeUndefined(); // silence, no actionOnEmptyResult
    const cbs = ours.callbacks(vm.sid);
    expect(cbs.map((c) => c.params.CallStatus)).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);
    expect(cbs[2]!.params.AnsweredBy).toBe('machine_start');
    expect(cbs[3]!.params.AnsweredBy).toBe('machine_start');
    expect(Number(cbs[3]!.params.CallDuration)).toBeGreaterThan(0);
    expect((await client.calls(vm.sid).fetch()).answeredBy).toBe('machine_start');
  });

  it('a human answering with machine detection on is AnsweredBy human', async () => {
    const call = await place('+8613900000005', { machineDetection: 'Enable' }); // 1st: busy
    const second = await place('+8613900000005', { machineDetection: 'Enable' }); // 2nd: answers
    await sim.idle();
    expect(statuses(call.sid)).toEqual(['initiated', 'busy']);
    expect(ours.requests(second.sid)[0]!.params.AnsweredBy).toBe('human');
    expect(ours.requests(second.sid)[1]!.params.SpeechResult).toBe('有');
  });
});
