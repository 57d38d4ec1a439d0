/**
 * The speech webhooks over HTTP (TIWEN_STT=google, TIWEN_TTS=google): recorded answers
 * with their failure paths, asynchronous AMD verdicts, the fallback URL, whole-call
 * recordings, and the prompt audio the carrier fetches. Real server and database;
 * the recogniser, synthesizer and recording store are handed in.
 */
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { startServer, type Server } from '../../src/app/runtime.js';
import { claimCalls } from '../../src/adapters/store/postgres/dialQueue.js';
import { expectedSignature } from '../../src/adapters/telephony/twilio/signature.js';
import { RecordingFetchError, type RecordingStore } from '../../src/adapters/telephony/twilio/recordings.js';
import type { SpeechToText, TextToSpeech, TranscribeOptions } from '../../src/ports/speech.js';
import type { Telephony } from '../../src/ports/telephony.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { seedRound } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/files.js';

const TOKEN = 'speech-webhook-token';
const tmp = tempDir();
let db: TestDatabase;
let server: Server;
let seq = 0;

/** What the fakes are told to do next, and what they saw. */
const recordings = { fail: 0 as number, status: 401, fetched: [] as string[] };
const stt = { mode: 'ok' as 'ok' | 'throw' | 'hang', text: '没有', seen: [] as TranscribeOptions[] };
const hungUp: string[] = [];
let ttsFails = true;

const recordingStore: RecordingStore = {
  async fetch(url) {
    recordings.fetched.push(url);
    if (recordings.fail > 0) {
      recordings.fail--;
      throw new RecordingFetchError(`fetching recording ${url}.wav failed: HTTP ${recordings.status}`, 'check TWILIO_AUTH_TOKEN', recordings.status);
    }
    return { contentType: 'audio/x-wav', body: Buffer.from('RIFF') };
  },
  async delete() {},
};
const speechToText: SpeechToText = {
  async transcribe(_audio, opts) {
    stt.seen.push(opts);
    if (stt.mode === 'throw') throw new Error('14 UNAVAILABLE: Google is down');
    if (stt.mode === 'hang') return new Promise(() => undefined);
    return { text: stt.text, confidence: 0.92, raw: { results: [] } };
  },
};
const textToSpeech: TextToSpeech = {
  async synthesize(text) {
    if (ttsFails) throw new Error('PERMISSION_DENIED: Text-to-Speech API has not been used in project p');
    return { audio: Buffer.concat([Buffer.from('RIFF'), Buffer.from(text)]), mimeType: 'audio/wav' };
  },
};
const telephony = { hangup: async (sid: string) => void hungUp.push(sid) } as unknown as Telephony;

beforeAll(async () => {
  db = await createTestDatabase();
  const config = loadConfig({ DATABASE_URL: db.url, TIWEN_DATA_DIR: tmp.dir, TIWEN_STT: 'google', TIWEN_TTS: 'google', TIWEN_STT_TIMEOUT_MS: '600', TIWEN_METRICS_TOKEN: 'scrape-token-0123456789' }, tmp.dir);
  server = await startServer({
    config,
    logger: silentLogger(),
    pool: db.pool,
    authToken: TOKEN,
    port: 0,
    host: '127.0.0.1',
    carrier: { accountSid: 'AC' + '1'.repeat(32), telephony },
    speech: { stt: speechToText, tts: textToSpeech, recordings: recordingStore },
  });
});
afterAll(async () => {
  await server.close();
  await db.drop();
  tmp.cleanup();
});

async function answeredAttempt(): Promise<number> {
  seq += 1;
  const { roundId } = await seedRound(db.pool, { community: `s${seq}`, households: 1, phoneBase: 17200000000 + seq * 1000 });
  const [c] = await claimCalls(db.pool, { roundId, owner: 't', provider: `p${seq}`, leaseSeconds: 60, accountCps: 100, accountLines: 100, batch: 1, lookaheadMs: 1000 });
  const res = await post(`/twilio/answer?attempt=${c!.attemptId}`, { CallSid: `CA${seq}`, CallStatus: 'in-progress' });
  expect(res.status).toBe(200);
  return c!.attemptId;
}

async function post(path: string, params: Record<string, string>) {
  const url = server.publicBaseUrl + path;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': expectedSignature(TOKEN, url, params) },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, text: await res.text() };
}

const recordingParams = (n: number) => ({ CallSid: `CA${seq}`, RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE${n}`, RecordingSid: `RE${n}`, RecordingDuration: '2' });
const turns = async (attemptId: number) =>
  (await db.pool.query('SELECT seq, prompt, transcript, digits, recording_url, recording_sid, raw FROM turns WHERE attempt_id = $1 ORDER BY seq', [attemptId])).rows;

describe('speech webhooks', () => {
  test('the answer asks the question with <Say> while its audio is not ready, then records the answer', async () => {
    const attemptId = await answeredAttempt();
    const res = await post(`/twilio/answer?attempt=${attemptId}`, { CallSid: `CA${seq}`, CallStatus: 'in-progress' });
    expect(res.text).toMatch(/<Say voice="Polly.Zhiyu" language="cmn-CN">您好，这里是s\d+居委会/);
    expect(res.text).toContain(
      `<Record maxLength="8" timeout="2" trim="trim-silence" finishOnKey="1234567890*#" playBeep="false" action="${server.publicBaseUrl}/twilio/recording?attempt=${attemptId}&amp;turn=0&amp;q=fever_question" method="POST"/>`,
    );
    expect(res.text).toContain(`<Redirect method="POST">${server.publicBaseUrl}/twilio/gather?attempt=${attemptId}&amp;turn=0</Redirect>`);
    expect(res.text).not.toContain('<Gather');
  });

  test('a recorded answer is fetched, recognised with the question\'s phrase hints, classified and kept with its recording', async () => {
    const attemptId = await answeredAttempt();
    stt.mode = 'ok';
    stt.text = '没有';
    stt.seen.length = 0;
    const res = await post(`/twilio/recording?attempt=${attemptId}&turn=0&q=fever_question`, recordingParams(1));
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/感谢您的配合.*<Hangup\/>/s);
    expect(stt.seen).toEqual([expect.objectContaining({ language: 'cmn-Hans-CN', hints: expect.arrayContaining(['有', '没有', '发烧']) })]);
    expect(await turns(attemptId)).toEqual([
      expect.objectContaining({ seq: 1, prompt: 'fever_question', transcript: '没有', recording_url: recordingParams(1).RecordingUrl, recording_sid: 'RE1' }),
    ]);
  });

  test('a key that ended the recording is the answer: no fetch, no recogniser', async () => {
    const attemptId = await answeredAttempt();
    recordings.fetched.length = 0;
    stt.seen.length = 0;
    const res = await post(`/twilio/recording?attempt=${attemptId}&turn=0&q=fever_question`, { ...recordingParams(2), RecordingDuration: '0', Digits: '2' });
    expect(res.text).toMatch(/感谢您的配合/);
    expect([recordings.fetched, stt.seen]).toEqual([[], []]);
    expect(await turns(attemptId)).toEqual([expect.objectContaining({ digits: '2', transcript: null })]);
  });

  test.each([
    ['the carrier refuses our credentials for the recording', () => ((recordings.fail = 1), (recordings.status = 401)), 'fetch_failed', /HTTP 401/],
    ['Google fails', () => (stt.mode = 'throw'), 'stt_failed', /UNAVAILABLE/],
    ['Google does not answer in time', () => (stt.mode = 'hang'), 'timeout', /no answer within 600 ms/],
  ])('%s: the question is asked again, the failure kept on the turn and counted', async (_name, arrange, result, message) => {
    const attemptId = await answeredAttempt();
    stt.mode = 'ok';
    arrange();
    const res = await post(`/twilio/recording?attempt=${attemptId}&turn=0&q=fever_question`, recordingParams(3));
    recordings.fail = 0;
    stt.mode = 'ok';
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/不好意思，刚才没有听清/);
    expect(res.text).toContain(`q=fever_question_retry`);
    const [turn] = await turns(attemptId);
    expect(turn).toMatchObject({ transcript: null, raw: { error: { result, message: expect.stringMatching(message) } } });
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer scrape-token-0123456789' } })).text();
    expect(metrics).toMatch(new RegExp(`tiwen_stt_requests_total\\{result="${result}"\\} [1-9]`));
  });

  test('asynchronous AMD: a machine ends the dialogue as voicemail and the call is hung up; a human changes nothing', async () => {
    const human = await answeredAttempt();
    expect((await post(`/twilio/amd?attempt=${human}`, { CallSid: `CA${seq}`, AnsweredBy: 'human', MachineDetectionDuration: '2400' })).status).toBe(204);
    const machine = await answeredAttempt();
    expect((await post(`/twilio/amd?attempt=${machine}`, { CallSid: `CA${seq}`, AnsweredBy: 'machine_start' })).status).toBe(204);
    expect(hungUp).toEqual([`CA${seq}`]);
    const rows = (await db.pool.query('SELECT id, dialogue, answered_by FROM attempts WHERE id = ANY($1) ORDER BY id', [[human, machine]])).rows;
    expect(rows[0].dialogue.step).toBe('fever');
    expect(rows[1]).toMatchObject({ answered_by: 'machine_start', dialogue: { step: 'done', outcome: { label: 'voicemail' } } });
    // The end that follows is a voicemail: tried again later.
    await post(`/twilio/status?attempt=${machine}`, { CallSid: `CA${seq}`, CallStatus: 'completed', CallDuration: '4' });
    expect((await db.pool.query('SELECT c.status, a.result FROM attempts a JOIN calls c ON c.id = a.call_id WHERE a.id = $1', [machine])).rows[0]).toEqual({
      status: 'pending',
      result: 'retry: voicemail',
    });
  });

  test('the fallback URL apologises in Mandarin and hangs up, so a failed webhook never leaves the caller in silence', async () => {
    const attemptId = await answeredAttempt();
    const res = await post(`/twilio/fallback?attempt=${attemptId}`, { CallSid: `CA${seq}`, CallStatus: 'in-progress', ErrorCode: '11200', ErrorUrl: 'https://x/twilio/gather' });
    expect(res.status).toBe(200);
    expect(res.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="Polly.Zhiyu" language="cmn-CN">抱歉,系统暂时出现故障,我们稍后会再联系您。再见。</Say><Hangup/></Response>');
    // The call then ends without an outcome: the household is called again.
    await post(`/twilio/status?attempt=${attemptId}`, { CallSid: `CA${seq}`, CallStatus: 'completed', CallDuration: '9' });
    expect((await db.pool.query('SELECT c.status, a.result FROM attempts a JOIN calls c ON c.id = a.call_id WHERE a.id = $1', [attemptId])).rows[0]).toEqual({
      status: 'pending',
      result: 'retry: hung up before answering',
    });
  });

  test('a whole-call recording is kept on the attempt\'s turns', async () => {
    const attemptId = await answeredAttempt();
    await post(`/twilio/recording?attempt=${attemptId}&turn=0&q=fever_question`, { CallSid: `CA${seq}`, Digits: '2' });
    await post(`/twilio/recorded?attempt=${attemptId}`, { CallSid: `CA${seq}`, RecordingUrl: 'https://api.twilio.com/x/Recordings/RE9', RecordingSid: 'RE9', RecordingStatus: 'completed' });
    expect(await turns(attemptId)).toEqual([expect.objectContaining({ recording_url: 'https://api.twilio.com/x/Recordings/RE9', recording_sid: 'RE9' })]);
  });

  test('prompt audio: a failed synthesis falls back to <Say>; once synthesized, <Play> of a URL our server serves', async () => {
    const audio = server.promptAudio!;
    ttsFails = true;
    const failed = await audio.warm('试音社区居委会');
    expect(failed.ready).toBe(0);
    const greeting = audio.roundTexts('试音社区居委会')[0]!;
    expect(audio.urlFor(greeting)).toBeUndefined();
    ttsFails = false;
    // A failed text waits before a call tries it again; a round start tries at once.
    expect(audio.urlFor(greeting)).toBeUndefined();
    const ok = await audio.warm('试音社区居委会');
    expect(ok.ready).toBe(ok.texts);
    const text = greeting;
    const url = audio.urlFor(text)!;
    expect(url).toMatch(new RegExp(`^${server.publicBaseUrl}/audio/[0-9a-f]{64}\\.wav$`));
    const res = await fetch(url);
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'audio/wav']);
    expect(Buffer.from(await res.arrayBuffer()).toString()).toBe('RIFF' + text);
    // fetch resolves the dots: the request leaves /audio/ and meets the console's login, not a file.
    const traversal = await fetch(`${server.url}/audio/../../etc/passwd`, { redirect: 'manual' });
    expect(traversal.headers.get('content-type')).not.toMatch(/^audio\//);
    expect(await traversal.text()).not.toMatch(/root:/);
    expect((await fetch(`${server.url}/audio/${'0'.repeat(64)}.wav`)).status).toBe(404);
  });
});
