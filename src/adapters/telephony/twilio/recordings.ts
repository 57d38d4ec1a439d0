/**
 * Recording audio from the carrier. Twilio protects recordings with HTTP Basic auth
 * (account SID and auth token) when "Enforce HTTP Auth on Media URLs" is on, which it
 * should be: a recording of a resident's health answer is personal data. So we always
 * send the credentials, and only our server ever holds them; staff hear recordings
 * through our server (src/app/recordings.ts).
 *
 * `RecordingUrl` comes without an extension; appending `.wav` asks for 8 kHz 16-bit PCM
 * WAV, which Google Speech-to-Text reads from its header (`.mp3` would be smaller but
 * needs the MP3 encoding, beta in v1).
 */
import { setTimeout as delay } from 'node:timers/promises';
import { UnavailableError } from '../../../errors.js';

export interface RecordingStoreOptions {
  accountSid: string;
  authToken: string;
  /** Like TWILIO_API_BASE_URL: twilio.com URLs are sent here instead (a proxy, the simulator). */
  apiBaseUrl?: string;
  /** Tries per fetch (404 right after the recording ends, 5xx, network). Default 3. */
  attempts?: number;
  /** First wait between tries in ms, doubled each time. Default 150. */
  retryBaseMs?: number;
}

export interface RecordingAudio {
  contentType: string;
  body: Buffer;
}

export interface RecordingStore {
  /** The audio behind a RecordingUrl, as WAV. Throws RecordingFetchError after the last try. */
  fetch(recordingUrl: string, signal?: AbortSignal): Promise<RecordingAudio>;
  /** Deletes the recording at the carrier; resolves also when the carrier no longer has it. */
  delete(recordingUrl: string): Promise<void>;
}

/** The carrier would not give us a recording; `status` is its HTTP answer (0: no answer). */
export class RecordingFetchError extends UnavailableError {
  constructor(
    message: string,
    hint: string,
    readonly httpStatus: number,
  ) {
    super(message, hint);
  }
}

const TWILIO_HOST = /(^|\.)twilio\.com$/i;

function hintFor(status: number): string {
  if (status === 401 || status === 403) {
    return 'The carrier refused our credentials for the recording: check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (the recording belongs to that account).';
  }
  if (status === 404) return 'The carrier does not have this recording (yet, or any more): it may have been deleted by the retention job.';
  return 'The carrier or the network failed; the question is asked again and the failure counted (tiwen_stt_failures_total).';
}

export function createRecordingStore(o: RecordingStoreOptions): RecordingStore {
  const authorization = 'Basic ' + Buffer.from(`${o.accountSid}:${o.authToken}`).toString('base64');
  const attempts = o.attempts ?? 3;
  const retryBaseMs = o.retryBaseMs ?? 150;
  const base = o.apiBaseUrl ? new URL(o.apiBaseUrl) : null;

  function resolve(recordingUrl: string, suffix: string): string {
    let url: URL;
    try {
      url = new URL(recordingUrl);
    } catch {
      throw new RecordingFetchError(`RecordingUrl ${JSON.stringify(recordingUrl)} is not a URL`, 'The carrier sent a malformed recording webhook.', 0);
    }
    if (base && TWILIO_HOST.test(url.hostname)) url = new URL(base.pathname.replace(/\/+$/, '') + url.pathname + url.search, base.origin);
    url.pathname = url.pathname.replace(/\.(wav|mp3|json)$/i, '') + suffix;
    return url.toString();
  }

  return {
    async fetch(recordingUrl, signal) {
      const url = resolve(recordingUrl, '.wav');
      let last: RecordingFetchError | undefined;
      for (let i = 0; i < attempts; i++) {
        if (i > 0) await delay(retryBaseMs * 2 ** (i - 1), undefined, signal ? { signal } : {});
        try {
          const res = await fetch(url, { headers: { Authorization: authorization }, ...(signal ? { signal } : {}) });
          if (res.ok) return { contentType: res.headers.get('content-type') ?? 'audio/wav', body: Buffer.from(await res.arrayBuffer()) };
          await res.body?.cancel();
          last = new RecordingFetchError(`fetching recording ${url} failed: HTTP ${res.status}`, hintFor(res.status), res.status);
        } catch (err) {
          if (signal?.aborted) throw err;
          last = new RecordingFetchError(`fetching recording ${url} failed: ${(err as Error).message}`, hintFor(0), 0);
        }
      }
      throw last!;
    },

    async delete(recordingUrl) {
      const url = resolve(recordingUrl, '.json');
      const res = await fetch(url, { method: 'DELETE', headers: { Authorization: authorization } });
      await res.body?.cancel();
      if (res.ok || res.status === 404) return;
      throw new RecordingFetchError(`deleting recording ${url} failed: HTTP ${res.status}`, hintFor(res.status), res.status);
    },
  };
}
