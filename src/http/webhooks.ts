/**
 * Carrier webhooks (Twilio's protocol; the built-in simulator speaks it too). They are
 * most of the server's requests — seven per call, hundreds of calls a second — so they
 * are served on Node's HTTP layer directly: Express's router and body parser would
 * cost more than the work. Every request's X-Twilio-Signature is checked first: a
 * missing or forged signature is answered 403 and nothing is written. Every URL
 * carries the attempt id.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallEvents } from '../app/callEvents.js';
import type { Logger } from '../log.js';
import { toError } from '../errors.js';
import { renderError, renderTwiml, sayLanguageFor } from '../adapters/telephony/twilio/twiml.js';
import type { RecordedAnswers } from '../app/recordedAnswers.js';
import { isConnectionError, type DatabaseHealth } from '../adapters/store/postgres/health.js';
import { twilioRequestVerifier, type SignedParams } from '../adapters/telephony/twilio/signature.js';
import { parseAmdResult, parseGatherResult, parseRecordingResult, parseStatusCallback, TwilioPayloadError } from '../adapters/telephony/twilio/events.js';
import type { DialogueAction } from '../core/dialogue/types.js';
import { isFinalCallStatus } from '../ports/telephony.js';
import type { Metrics } from './metrics.js';

/** Where the webhooks are served; anything under it that is not a webhook is a 404. */
export const WEBHOOK_PREFIX = '/twilio/';

export interface WebhookUrls {
  answer(attemptId: number): string;
  gather(attemptId: number, turn: number): string;
  status(attemptId: number): string;
  /** A <Record> action: the recorded answer to question `key` of turn `turn`. */
  recording(attemptId: number, turn: number, key: string): string;
  /** Asynchronous AMD's verdict. */
  amd(attemptId: number): string;
  /** The call's FallbackUrl: asked by the carrier when one of our webhooks failed. */
  fallback(attemptId: number): string;
  /** RecordingStatusCallback of a recorded call (Gather dialogues that keep recordings). */
  recorded(attemptId: number): string;
}

/** Our webhook URLs under a public base URL. */
export function webhookUrls(publicBaseUrl: string): WebhookUrls {
  const base = publicBaseUrl.replace(/\/+$/, '') + WEBHOOK_PREFIX.slice(0, -1);
  return {
    answer: (id) => `${base}/answer?attempt=${id}`,
    gather: (id, turn) => `${base}/gather?attempt=${id}&turn=${turn}`,
    status: (id) => `${base}/status?attempt=${id}`,
    recording: (id, turn, key) => `${base}/recording?attempt=${id}&turn=${turn}&q=${encodeURIComponent(key)}`,
    amd: (id) => `${base}/amd?attempt=${id}`,
    fallback: (id) => `${base}/fallback?attempt=${id}`,
    recorded: (id) => `${base}/recorded?attempt=${id}`,
  };
}

export interface WebhookOptions {
  callEvents: CallEvents;
  authToken: string;
  publicBaseUrl: string;
  language: string;
  voice: string;
  logger: Logger;
  metrics: Metrics;
  /** With TIWEN_STT=google: spoken answers are recorded and recognised here. */
  recordedAnswers?: RecordedAnswers | undefined;
  /** Prompt audio (TIWEN_TTS=google): the URL to <Play> for a text, when it is ready. */
  audioUrl?: ((text: string) => string | undefined) | undefined;
  /** Hangs a live call up (asynchronous AMD heard a machine). */
  hangup?: ((providerCallId: string) => Promise<void>) | undefined;
  /** While it says the database is down, calls hear an apology at once instead of waiting on it. */
  health?: DatabaseHealth;
}

/** Raised instead of touching a database known to be unreachable. */
class DatabaseDown extends Error {
  readonly code = '08006';
}

/** Twilio posts a few hundred bytes; a generous cap keeps a misbehaving client from filling memory. */
const MAX_BODY_BYTES = 64 * 1024;

type Kind = 'answer' | 'gather' | 'status' | 'recording' | 'amd' | 'fallback' | 'recorded';
const KINDS: ReadonlySet<string> = new Set<Kind>(['answer', 'gather', 'status', 'recording', 'amd', 'fallback', 'recorded']);

/** A request we refuse, with the status and plain-text reason to answer. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly result: string,
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** Reads an application/x-www-form-urlencoded body (a repeated name gives an array). */
function readForm(req: IncomingMessage): Promise<SignedParams> {
  return new Promise((resolve, reject) => {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      reject(new Refusal(413, `Request body over ${MAX_BODY_BYTES} bytes`, 'too_large'));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) return reject(new Refusal(413, `Request body over ${MAX_BODY_BYTES} bytes`, 'too_large'));
      if (size > 0 && type !== 'application/x-www-form-urlencoded') {
        return reject(new Refusal(415, `Expected an application/x-www-form-urlencoded body (Twilio's), got '${type || 'no content type'}'`, 'bad_request'));
      }
      const params: SignedParams = {};
      for (const [name, value] of new URLSearchParams(Buffer.concat(chunks, size).toString('utf8'))) {
        const prior = params[name];
        params[name] = prior === undefined ? value : Array.isArray(prior) ? [...prior, value] : [prior, value];
      }
      resolve(params);
    });
  });
}

/** The request handler for everything under WEBHOOK_PREFIX (mount it before the app's other routes). */
export function webhookHandler(o: WebhookOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const urls = webhookUrls(o.publicBaseUrl);
  const verify = twilioRequestVerifier({ authToken: o.authToken, publicBaseUrl: o.publicBaseUrl });
  const twiml = (attemptId: number, result: { actions: DialogueAction[]; turn: number }) =>
    renderTwiml(result.actions, {
      actionUrl: urls.gather(attemptId, result.turn),
      language: o.language,
      voice: o.voice,
      ...(o.audioUrl ? { audioUrl: o.audioUrl } : {}),
      ...(o.recordedAnswers ? { recordUrl: (key: string) => urls.recording(attemptId, result.turn, key) } : {}),
    });

  async function handle(kind: Kind, req: IncomingMessage, res: ServerResponse, pathAndQuery: string, query: URLSearchParams): Promise<void> {
    const params = await readForm(req);
    const refused = verify(pathAndQuery, req.headers['x-twilio-signature'] as string | undefined, params);
    if (refused) throw new Refusal(403, refused, 'forbidden');
    const attemptId = Number(query.get('attempt'));
    if (!Number.isSafeInteger(attemptId) || attemptId <= 0) throw new Refusal(400, 'missing or invalid attempt id in the URL', 'bad_request');
    if (o.health && !o.health.isUp) throw new DatabaseDown('database unreachable');
    if (kind === 'answer') {
      const s = parseStatusCallback(params);
      send(res, 200, 'text/xml; charset=utf-8', twiml(attemptId, await o.callEvents.answer(attemptId, s.providerCallId, s.answeredBy)));
    } else if (kind === 'gather') {
      const turn = Number(query.get('turn'));
      const g = parseGatherResult(params);
      const result = await o.callEvents.reply(attemptId, Number.isSafeInteger(turn) ? turn : -1, { text: g.text, confidence: g.confidence, digits: g.digits, raw: g.raw });
      send(res, 200, 'text/xml; charset=utf-8', twiml(attemptId, result));
    } else if (kind === 'recording') {
      const turn = Number(query.get('turn'));
      const recorded = parseRecordingResult(params);
      if (!o.recordedAnswers) throw new Refusal(404, 'recorded answers are not enabled here (TIWEN_STT is not google)', 'bad_request');
      const reply = await o.recordedAnswers.recognise(attemptId, query.get('q'), recorded);
      const result = await o.callEvents.reply(attemptId, Number.isSafeInteger(turn) ? turn : -1, reply);
      send(res, 200, 'text/xml; charset=utf-8', twiml(attemptId, result));
    } else if (kind === 'amd') {
      const amd = parseAmdResult(params);
      if (await o.callEvents.machineDetected(attemptId, amd.answeredBy)) await o.hangup?.(amd.providerCallId);
      res.writeHead(204);
      res.end();
    } else if (kind === 'recorded') {
      const r = parseRecordingResult(params);
      if (r.recordingUrl && (params.RecordingStatus ?? 'completed') === 'completed') await o.callEvents.callRecorded(attemptId, r.recordingUrl, r.recordingSid ?? null);
      res.writeHead(204);
      res.end();
    } else if (kind === 'fallback') {
      // One of our webhooks failed for this call: apologise in Mandarin and hang up. The
      // call's end then comes as usual and is retried (an answered call without an outcome).
      o.logger.warn('carrier used the fallback URL', { attempt: attemptId, errorCode: params.ErrorCode, errorUrl: params.ErrorUrl });
      send(res, 200, 'text/xml; charset=utf-8', renderError({ voice: o.voice, sayLanguage: sayLanguageFor(o.language) }));
    } else {
      const s = parseStatusCallback(params);
      if (isFinalCallStatus(s.status)) {
        await o.callEvents.finish(attemptId, { providerCallId: s.providerCallId, status: s.status, durationSeconds: s.durationSeconds, answeredBy: s.answeredBy });
      }
      // Progress before the end (queued, initiated, ringing, in-progress) is acknowledged, not
      // stored: the CallSid comes with the create response and the answer, and nothing waits on it.
      res.writeHead(204);
      res.end();
    }
  }

  return (req, res) => {
    const pathAndQuery = req.url ?? '/';
    const q = pathAndQuery.indexOf('?');
    const kind = (q < 0 ? pathAndQuery : pathAndQuery.slice(0, q)).slice(WEBHOOK_PREFIX.length);
    if (!KINDS.has(kind)) {
      send(res, 404, 'text/plain; charset=utf-8', `No webhook here: carrier webhooks are ${WEBHOOK_PREFIX}recording, recorded, amd, fallback, answer, gather and status`);
      return;
    }
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      send(res, 405, 'text/plain; charset=utf-8', 'Carrier webhooks take POST');
      return;
    }
    const end = o.metrics.webhookSeconds.startTimer({ kind });
    const query = new URLSearchParams(q < 0 ? '' : pathAndQuery.slice(q + 1));
    handle(kind as Kind, req, res, pathAndQuery, query).then(
      () => o.metrics.webhooks.inc({ kind, result: 'ok' }),
      (err: unknown) => {
        const refusal = err instanceof Refusal ? err : err instanceof TwilioPayloadError ? new Refusal(400, err.message, 'bad_request') : null;
        const down = !refusal && isConnectionError(err);
        o.metrics.webhooks.inc({ kind, result: refusal?.result ?? (down ? 'database_down' : 'error') });
        if (refusal) {
          // An oversized body may still be arriving: do not keep reading it on this connection.
          if (refusal.status === 413) res.setHeader('Connection', 'close');
          if (!res.headersSent) send(res, refusal.status, 'text/plain; charset=utf-8', refusal.message);
          return;
        }
        if (down) {
          if (!(err instanceof DatabaseDown)) {
            o.health?.report(err);
            o.logger.warn('webhook answered without the database', { kind, path: pathAndQuery, error: toError(err).message });
          }
          // The resident hears a short apology, not silence; the call is reconciled with the
          // carrier once the database is back. A status callback gets a 503 (nothing to say).
          if (res.headersSent) return;
          if (kind === 'status' || kind === 'amd' || kind === 'recorded') send(res, 503, 'text/plain; charset=utf-8', 'database unreachable');
          else send(res, 200, 'text/xml; charset=utf-8', renderError({ voice: o.voice, sayLanguage: sayLanguageFor(o.language) }));
          return;
        }
        o.logger.error('webhook failed', { kind, path: pathAndQuery, error: toError(err).message });
        // A 5xx makes the carrier retry the callback; our handlers are idempotent.
        if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error');
      },
    ).finally(end);
  };
}
