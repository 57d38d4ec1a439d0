/**
 * The media side of a simulated call: <Play> URLs fetched and "heard", asynchronous
 * AMD verdicts, and whole-call recordings announced — each reported the way Twilio
 * does, with failures recorded in the call's log.
 */
import { wavToWords } from './audio.js';
import type { CallRequest, SessionHost } from './session.js';

type MediaHost = Pick<SessionHost, 'stats' | 'webhooks' | 'closing' | 'playCache' | 'accountSid' | 'scenario' | 'addRecording' | 'emit' | 'callbackQueued' | 'callbackSettled'>;

/** Most distinct <Play> URLs remembered (a round has a few dozen prompts); past it the cache starts over. */
const PLAY_CACHE_SIZE = 10_000;

/**
 * A <Play>: the audio is fetched (once per URL, as Twilio caches media) and "heard":
 * audio made by the simulator's synthesizer carries its words. A URL that does not
 * answer 2xx with audio is an error in the call log; the call goes on, in silence.
 */
export async function fetchPlay(host: MediaHost, url: string, sid: string, errors: string[]): Promise<string | null> {
  const cached = host.playCache.get(url);
  if (cached !== undefined) return cached;
  host.stats.speech.playFetches++;
  let problem: string;
  try {
    const res = await fetch(url);
    const type = res.headers.get('content-type') ?? '';
    const audio = Buffer.from(await res.arrayBuffer());
    if (!res.ok) problem = `HTTP ${res.status}`;
    else if (!/^audio\//.test(type)) problem = `not audio (Content-Type '${type}')`;
    else if (audio.length < 44 || (type.includes('wav') && audio.toString('ascii', 0, 4) !== 'RIFF')) problem = 'broken audio (no WAV header)';
    else {
      const heard = wavToWords(audio)?.text ?? '';
      if (host.playCache.size >= PLAY_CACHE_SIZE) host.playCache.clear();
      host.playCache.set(url, heard);
      return heard;
    }
  } catch (err) {
    problem = (err as Error).message;
  }
  host.stats.speech.playErrors++;
  errors.push(`<Play> ${url}: ${problem}`);
  host.emit({ type: 'webhook.error', sid, message: `<Play> ${url}: ${problem}` });
  return null;
}

/** Asynchronous AMD's verdict, posted beside the running call (Twilio's AsyncAmdStatusCallback). */
export function postAmdVerdict(host: MediaHost, url: string, params: Record<string, string>, errors: string[]): void {
  if (host.closing) return;
  host.stats.speech.amdCallbacks++;
  host.callbackQueued();
  host.webhooks
    .request('POST', url, { ...params, MachineDetectionDuration: String(Math.round(host.scenario.timing.amdSeconds * 1000)) })
    .then((res) => {
      if (res.status < 200 || res.status > 299) throw new Error(`HTTP ${res.status}`);
    })
    .catch((err: unknown) => {
      host.stats.webhookErrors++;
      errors.push(`AMD callback to ${url}: ${(err as Error).message}`);
    })
    .finally(() => host.callbackSettled());
}

/** Record=true: the whole call's recording (what the resident said, in order), announced after the end like Twilio's. */
export async function announceRecording(host: MediaHost, url: string, call: { sid: string; words: string; duration: number; errors: string[] }): Promise<void> {
  if (host.closing) return;
  const rec = host.addRecording(call.words ? { text: call.words } : null);
  const params = {
    AccountSid: host.accountSid,
    CallSid: call.sid,
    RecordingSid: rec.sid,
    RecordingUrl: rec.url,
    RecordingStatus: 'completed',
    RecordingDuration: String(call.duration),
    RecordingChannels: '1',
    RecordingSource: 'OutboundAPI',
  };
  host.callbackQueued();
  try {
    const res = await host.webhooks.request('POST', url, params);
    if (res.status < 200 || res.status > 299) throw new Error(`HTTP ${res.status}`);
  } catch (err) {
    host.stats.webhookErrors++;
    call.errors.push(`recording status callback to ${url}: ${(err as Error).message}`);
  } finally {
    host.callbackSettled();
  }
}

/**
 * Twilio's FallbackUrl: when a document request failed, the fallback is asked (with
 * ErrorCode 11200 and ErrorUrl) and its TwiML runs instead of Twilio's own English
 * error message. Null when there is none or it failed too (recorded with `fail`).
 */
export async function requestFallback(
  host: MediaHost,
  request: Pick<CallRequest, 'fallbackUrl' | 'fallbackMethod'>,
  params: Record<string, string>,
  failedUrl: string,
  call: { ended(): boolean; fail(message: string): void },
): Promise<string | null> {
  const url = request.fallbackUrl;
  if (!url || call.ended() || host.closing) return null;
  host.stats.speech.fallbackRequests++;
  try {
    const res = await host.webhooks.request(request.fallbackMethod ?? 'POST', url, { ...params, ErrorCode: '11200', ErrorUrl: failedUrl });
    if (call.ended()) return null;
    if (res.status >= 200 && res.status <= 299) return res.body;
    call.fail(`fallback ${url}: HTTP ${res.status}`);
  } catch (err) {
    if (!call.ended()) call.fail(`fallback ${url}: ${(err as Error).message}`);
  }
  return null;
}
