/**
 * The simulator's speech paths: WAV audio behind every RecordingUrl (with the
 * account's credentials only), <Play> fetched and heard (a missing or broken URL is an
 * error in the call log), Record's finishOnKey, the fallback URL, asynchronous AMD,
 * and its Google-compatible endpoint.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import twilio from 'twilio';
import { parseScenario, startSimulator } from '../../../../src/adapters/telephony/simulator/index.js';
import type { ScenarioInput, Simulator } from '../../../../src/adapters/telephony/simulator/index.js';
import { silenceWav, wavSamples, wavToWords, wordsToWav } from '../../../../src/adapters/telephony/simulator/audio.js';
import { simulatorClient } from '../../../helpers/twilioClient.js';
import { tempDir } from '../../../helpers/files.js';
import { startOurWebhooks } from './ourWebhooks.js';
import type { OurWebhooks } from './ourWebhooks.js';

const FROM = '+8602712345678';
const tmp = tempDir();
let sim: Simulator;
let ours: OurWebhooks;
let client: ReturnType<typeof simulatorClient>;
const callLog = path.join(tmp.dir, 'calls.jsonl');

async function setup(input: ScenarioInput) {
  sim = await startSimulator({ scenario: parseScenario({ timing: { speed: 1e6 }, ...input }), authToken: 'test-token', callLogPath: callLog });
  ours = await startOurWebhooks(sim.authToken);
  client = simulatorClient(sim);
}

function place(to: string, extra: Record<string, unknown> = {}) {
  return client.calls.create({ to, from: FROM, url: `${ours.url}/answer`, statusCallback: `${ours.url}/status`, statusCallbackMethod: 'POST', ...extra });
}

const basic = (sid: string, token: string) => 'Basic ' + Buffer.from(`${sid}:${token}`).toString('base64');
const logLines = () => readFileSync(callLog, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { said: Array<{ heard: string; question: string }>; errors: string[] });

afterEach(async () => {
  client?.close();
  await sim?.close();
  await ours?.close();
});
afterAll(() => tmp.cleanup());

describe('audio that carries its words', () => {
  it('is real 8 kHz 16-bit PCM WAV, and decodes back to the words; other audio decodes to nothing', () => {
    const wav = wordsToWav({ text: '有,孩子发烧三十八度五', confidence: 0.87 });
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect([wav.readUInt16LE(20), wav.readUInt16LE(22), wav.readUInt32LE(24), wav.readUInt16LE(34)]).toEqual([1, 1, 8000, 16]);
    expect(wavSamples(wav)!.length).toBeGreaterThan(8000 * 0.5);
    expect(wavToWords(wav)).toEqual({ text: '有,孩子发烧三十八度五', confidence: 0.87 });
    expect(wavToWords(silenceWav())).toBeNull();
    expect(wavToWords(Buffer.from('not a wav'))).toBeNull();
  });
});

describe('recordings and <Record>', () => {
  it('a spoken answer is posted with a RecordingUrl whose WAV says it, served only with the account\'s credentials, deletable', async () => {
    await setup({ personas: [{ name: 'p', weight: 1, answers: { default: [{ text: '没有', confidence: 0.8 }] } }] });
    ours.route('/answer', () => {
      const r = new twilio.twiml.VoiceResponse();
      r.say('请问您家里有人发烧吗？');
      r.record({ action: '/rec', maxLength: 8, timeout: 2, finishOnKey: '1234567890*#' });
      return r.toString();
    });
    ours.route('/rec', () => '<Response><Hangup/></Response>');
    await place('+8613900000001');
    await ours.until(() => ours.received.some((r) => r.path === '/rec'), 'the recording action');
    const rec = ours.received.find((r) => r.path === '/rec')!.params;
    expect(rec.RecordingUrl).toMatch(new RegExp(`^${sim.url}/2010-04-01/Accounts/${sim.accountSid}/Recordings/RE[0-9a-f]{32}$`));
    expect(rec.RecordingSid).toMatch(/^RE/);

    const refused = await fetch(`${rec.RecordingUrl}.wav`);
    const forged = await fetch(`${rec.RecordingUrl}.wav`, { headers: { Authorization: basic(sim.accountSid, 'wrong') } });
    expect([refused.status, forged.status]).toEqual([401, 401]);
    const ok = await fetch(`${rec.RecordingUrl}.wav`, { headers: { Authorization: basic(sim.accountSid, sim.authToken) } });
    expect(ok.headers.get('content-type')).toBe('audio/x-wav');
    expect(wavToWords(Buffer.from(await ok.arrayBuffer()))).toEqual({ text: '没有', confidence: 0.8 });
    expect(sim.stats().speech).toMatchObject({ recordingsServed: 1, recordingsRefused: 2 });

    const del = await fetch(`${rec.RecordingUrl}.json`, { method: 'DELETE', headers: { Authorization: basic(sim.accountSid, sim.authToken) } });
    expect(del.status).toBe(204);
    expect((await fetch(`${rec.RecordingUrl}.wav`, { headers: { Authorization: basic(sim.accountSid, sim.authToken) } })).status).toBe(404);
  });

  it('a key in finishOnKey ends the recording and is posted as Digits', async () => {
    await setup({ personas: [{ name: 'p', weight: 1, answers: { default: [{ digits: '2' }] } }] });
    ours.route('/answer', () => '<Response><Say>有人发烧请按1，没有请按2。</Say><Record action="/rec" finishOnKey="12"/><Hangup/></Response>');
    ours.route('/rec', () => '<Response><Hangup/></Response>');
    await place('+8613900000002');
    await ours.until(() => ours.received.some((r) => r.path === '/rec'), 'the recording action');
    expect(ours.received.find((r) => r.path === '/rec')!.params).toMatchObject({ Digits: '2', RecordingDuration: '0' });
  });
});

describe('<Play>', () => {
  it('fetches the audio and hears its words; a missing or broken URL is an error in the call log and the call goes on', async () => {
    await setup({ questions: [{ key: 'fever', match: '发烧' }], defaultQuestion: 'other', personas: [{ name: 'p', weight: 1, answers: { fever: [{ text: '没有' }], default: [{ silence: true }] } }] });
    let served = 0;
    // Our webhook stand-in answers text/xml; serve audio from a server of its own.
    const http = await import('node:http');
    const audioServer = http.createServer((req, res) => {
      served++;
      if (req.url === '/ok.wav') {
        const wav = wordsToWav({ text: '请问您家里有人发烧吗？' });
        res.writeHead(200, { 'Content-Type': 'audio/wav', 'Content-Length': wav.length });
        return res.end(wav);
      }
      if (req.url === '/broken.wav') {
        res.writeHead(200, { 'Content-Type': 'audio/wav' });
        return res.end('<html>oops</html>');
      }
      res.writeHead(404);
      res.end();
    });
    await new Promise<void>((r) => audioServer.listen(0, '127.0.0.1', () => r()));
    const base = `http://127.0.0.1:${(audioServer.address() as { port: number }).port}`;
    ours.route('/answer', () => `<Response><Play>${base}/missing.wav</Play><Play>${base}/broken.wav</Play><Gather input="speech" action="/g" actionOnEmptyResult="true"><Play>${base}/ok.wav</Play></Gather></Response>`);
    ours.route('/g', () => '<Response><Hangup/></Response>');
    await place('+8613900000003');
    await ours.until(() => ours.received.some((r) => r.path === '/g'), 'the gather');
    await sim.idle();
    expect(ours.received.find((r) => r.path === '/g')!.params.SpeechResult).toBe('没有');
    const line = logLines().at(-1);
    expect(line!.said[0]).toMatchObject({ question: 'fever' });
    expect(line!.said[0]!.heard).toContain('请问您家里有人发烧吗？');
    expect(line!.errors).toEqual([expect.stringMatching(/missing\.wav: HTTP 404/), expect.stringMatching(/broken\.wav: broken audio/)]);
    expect(sim.stats().speech).toMatchObject({ playFetches: 3, playErrors: 2 });
    expect(served).toBe(3);
    await new Promise<void>((r) => {
      audioServer.close(() => r());
      audioServer.closeAllConnections();
    });
  });
});

describe('no dead air, no English error', () => {
  it('a failed document request asks the FallbackUrl (ErrorCode 11200) and runs its TwiML', async () => {
    await setup({});
    ours.route('/answer', () => ({ status: 500, body: 'boom' }));
    ours.route('/fallback', () => '<Response><Say language="cmn-CN">抱歉,系统暂时出现故障</Say><Hangup/></Response>');
    await place('+8613900000004', { fallbackUrl: `${ours.url}/fallback`, fallbackMethod: 'POST' });
    await ours.until(() => ours.received.some((r) => r.path === '/fallback'), 'the fallback');
    await sim.idle();
    expect(ours.received.find((r) => r.path === '/fallback')!.params).toMatchObject({ ErrorCode: '11200', ErrorUrl: `${ours.url}/answer` });
    expect(sim.stats().speech.fallbackRequests).toBe(1);
  });

  it('asynchronous AMD: the document is fetched at the answer, the verdict comes to its own callback; synchronous AMD holds the answer in silence', async () => {
    await setup({ timing: { speed: 1e6, amdSeconds: 3 }, numbers: { '+8613900000005': { outcome: 'voicemail', answeredBy: 'machine_start' } } });
    ours.route('/answer', () => '<Response><Say>您好</Say><Pause length="5"/></Response>');
    ours.route('/amd', () => ({ status: 204, body: '' }));
    await place('+8613900000005', { machineDetection: 'Enable', asyncAmd: 'true', asyncAmdStatusCallback: `${ours.url}/amd`, asyncAmdStatusCallbackMethod: 'POST' });
    await ours.until(() => ours.received.some((r) => r.path === '/amd'), 'the AMD verdict');
    await sim.idle();
    const answer = ours.received.find((r) => r.path === '/answer')!.params;
    expect(answer.AnsweredBy).toBeUndefined();
    expect(ours.received.find((r) => r.path === '/amd')!.params).toMatchObject({ AnsweredBy: 'machine_start', MachineDetectionDuration: '3000' });
    const asyncFirst = sim.stats().answerToFirstPrompt;
    expect(asyncFirst.count).toBe(1);
    expect(asyncFirst.max!).toBeLessThan(3);

    sim.resetStats();
    await place('+8613900000006', { machineDetection: 'Enable' });
    await ours.until(() => ours.received.filter((r) => r.path === '/answer').length === 2, 'the second answer');
    await sim.idle();
    expect(sim.stats().answerToFirstPrompt.median!).toBeGreaterThanOrEqual(3);
  });
});

describe('the Google-compatible endpoint', () => {
  it('answers speech:recognize and text:synthesize in Google\'s REST shapes, with a bearer token only', async () => {
    await setup({});
    const post = (p: string, body: unknown, auth = 'Bearer t') =>
      fetch(`${sim.url}${p}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(auth ? { Authorization: auth } : {}) }, body: JSON.stringify(body) });
    const audio = wordsToWav({ text: '三十八度五', confidence: 0.77 }).toString('base64');
    const rec = await post('/v1/speech:recognize', { config: { languageCode: 'cmn-Hans-CN', model: 'phone_call' }, audio: { content: audio } });
    expect(await rec.json()).toMatchObject({ results: [{ alternatives: [{ transcript: '三十八度五', confidence: 0.77 }] }] });
    const silence = await post('/v1/speech:recognize', { config: { languageCode: 'cmn-Hans-CN' }, audio: { content: silenceWav().toString('base64') } });
    expect(await silence.json()).toMatchObject({ results: [] });
    const bad = await post('/v1/speech:recognize', { audio: { content: audio } });
    expect([bad.status, ((await bad.json()) as { error: { status: string } }).error.status]).toEqual([400, 'INVALID_ARGUMENT']);
    expect((await post('/v1/speech:recognize', {}, '')).status).toBe(401);

    const syn = await post('/v1/text:synthesize', { input: { text: '您好' }, voice: { languageCode: 'cmn-CN', name: 'cmn-CN-Standard-A' }, audioConfig: { audioEncoding: 'MULAW', sampleRateHertz: 8000 } });
    const { audioContent } = (await syn.json()) as { audioContent: string };
    expect(wavToWords(Buffer.from(audioContent, 'base64'))).toEqual({ text: '您好' });
    expect(sim.stats().speech).toMatchObject({ recognizeRequests: 3, synthesizeRequests: 1 });
  });
});
