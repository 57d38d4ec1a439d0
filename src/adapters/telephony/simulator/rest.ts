/**
 * The REST side: the subset of Twilio's 2010-04-01 Calls API the official SDK uses to
 * place, fetch, list and hang up calls, with Twilio's error JSON. Plain node:http —
 * one create per call at hundreds of calls a second wants no framework in the way.
 */
import type http from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { CallRequest, CallStatus } from './session.js';
import type { HttpMethod } from './twiml.js';

export interface RestAnswer {
  status: number;
  body: unknown;
  /** A non-JSON answer (recording audio). */
  raw?: { contentType: string; data: Buffer };
}

/** A call as the list endpoint filters it. */
export interface ListedCall {
  to: string;
  from: string;
  status: CallStatus;
  /** When it started dialling: epoch ms; null while queued (Twilio's start_time is null then too). */
  startMs: number | null;
  endMs: number | null;
  resource(): Record<string, unknown>;
}

export interface RestCore {
  readonly accountSid: string;
  readonly authToken: string;
  /**
   * Places a call, or answers an error (limits, injected faults). `arrivedAt` is when
   * the request's headers arrived (performance.now()): pacing is measured on it, not on
   * when this process got round to parsing the body.
   */
  createCall(request: CallRequest, arrivedAt?: number): RestAnswer;
  getCall(sid: string): ListedCall | undefined;
  /** Newest first. */
  calls(): Iterable<ListedCall>;
  hangup(sid: string, target: 'completed' | 'canceled'): void;
  deleteCall(sid: string): boolean;
  stats(): unknown;
  resetStats(): unknown;
  /** A recording's WAV audio (GET …/Recordings/{RE}[.wav]), or undefined when unknown or deleted. */
  recordingAudio(sid: string): Buffer | undefined;
  deleteRecording(sid: string): boolean;
  /** Requests with bad credentials for a recording (counted: an operator error to see). */
  recordingRefused(): void;
  /** Google-compatible speech (see google.ts): the JSON body of speech:recognize / text:synthesize. */
  google(method: 'recognize' | 'synthesize', body: unknown): RestAnswer;
}

export function twilioError(status: number, code: number, message: string): RestAnswer {
  return { status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}

const MAX_BODY = 1 << 20;
const API = '/2010-04-01/Accounts/';
const STATUSES: ReadonlySet<string> = new Set(['queued', 'ringing', 'in-progress', 'completed', 'busy', 'no-answer', 'failed', 'canceled']);

function send(res: http.ServerResponse, answer: RestAnswer): void {
  if (answer.raw) {
    res.writeHead(answer.status, { 'Content-Type': answer.raw.contentType, 'Content-Length': answer.raw.data.length });
    res.end(answer.raw.data);
    return;
  }
  const body = answer.status === 204 ? '' : JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Twilio-Request-Id': 'RQ' + Math.random().toString(16).slice(2).padEnd(32, '0').slice(0, 32),
  });
  res.end(body);
}

function authorised(header: string | undefined, sid: string, token: string): boolean {
  if (!header?.startsWith('Basic ')) return false;
  const given = Buffer.from(Buffer.from(header.slice(6), 'base64').toString('utf8'));
  const expected = Buffer.from(`${sid}:${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function isHttpUrl(value: string | null): value is string {
  if (!value) return false;
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

function method(value: string | null): HttpMethod {
  return value?.toUpperCase() === 'GET' ? 'GET' : 'POST';
}

/** Reads a create's form parameters into a CallRequest, or a Twilio 400. */
export function parseCreate(form: URLSearchParams): CallRequest | RestAnswer {
  const to = form.get('To');
  const from = form.get('From');
  const url = form.get('Url');
  if (!to) return twilioError(400, 21201, "No 'To' number is specified");
  if (!from) return twilioError(400, 21213, "No 'From' number is specified");
  if (!isHttpUrl(url)) return twilioError(400, 21205, `Url is not a valid URL: ${url ?? ''}`);
  const statusCallback = form.get('StatusCallback') || undefined;
  if (statusCallback !== undefined && !isHttpUrl(statusCallback)) return twilioError(400, 21609, `StatusCallback is not a valid URL: ${statusCallback}`);
  const events = new Set(form.getAll('StatusCallbackEvent').flatMap((e) => e.trim().toLowerCase().split(/[\s,]+/)).filter(Boolean));
  if (events.size === 0) events.add('completed');
  const timeoutRaw = form.get('Timeout');
  const timeout = timeoutRaw ? Number(timeoutRaw) : 60;
  if (!Number.isFinite(timeout) || timeout < 1) return twilioError(400, 21216, `Timeout must be a positive number of seconds: ${timeoutRaw}`);
  const md = form.get('MachineDetection');
  const asyncAmd = form.get('AsyncAmd') === 'true';
  const amdCallback = form.get('AsyncAmdStatusCallback') || undefined;
  if (asyncAmd && !isHttpUrl(amdCallback ?? null)) return twilioError(400, 21262, 'AsyncAmd needs a valid AsyncAmdStatusCallback');
  const fallbackUrl = form.get('FallbackUrl') || undefined;
  if (fallbackUrl !== undefined && !isHttpUrl(fallbackUrl)) return twilioError(400, 21207, `FallbackUrl is not a valid URL: ${fallbackUrl}`);
  return {
    to,
    from,
    url,
    method: method(form.get('Method')),
    statusCallback,
    statusCallbackMethod: method(form.get('StatusCallbackMethod')),
    statusCallbackEvents: events,
    timeout: Math.min(timeout, 600),
    machineDetection: md === 'Enable' || md === 'DetectMessageEnd' ? md : undefined,
    asyncAmdCallback: asyncAmd && (md === 'Enable' || md === 'DetectMessageEnd') ? amdCallback : undefined,
    fallbackUrl,
    fallbackMethod: method(form.get('FallbackMethod')),
    recordingStatusCallback: form.get('Record') === 'true' && isHttpUrl(form.get('RecordingStatusCallback')) ? form.get('RecordingStatusCallback')! : undefined,
  };
}

function timeBound(value: string, upper: boolean): number | undefined {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return undefined;
  // A bare date covers the whole day.
  return upper && /^\d{4}-\d{2}-\d{2}$/.test(value) ? ms + 86_400_000 - 1 : ms;
}

/** Twilio's list endpoint: filters, newest first, pages. */
export function listCalls(core: RestCore, query: URLSearchParams, path: string): RestAnswer {
  const to = query.get('To');
  const from = query.get('From');
  const status = query.get('Status');
  if (status && !STATUSES.has(status)) return twilioError(400, 20001, `Invalid Status: ${status}`);
  // `StartTime>=2024-01-02` arrives as the key `StartTime>` when not percent-encoded.
  const bounds: Array<{ field: 'startMs' | 'endMs'; lo?: number; hi?: number }> = [];
  for (const field of ['StartTime', 'EndTime'] as const) {
    const key = field === 'StartTime' ? 'startMs' : 'endMs';
    for (const [suffix, lower, upper] of [['', true, true], ['>', true, false], ['>=', true, false], ['<', false, true], ['<=', false, true]] as const) {
      const v = query.get(field + suffix);
      if (!v) continue;
      const lo = lower ? timeBound(v, false) : undefined;
      const hi = upper ? timeBound(v, true) : undefined;
      if ((lower && lo === undefined) || (upper && hi === undefined)) return twilioError(400, 20001, `Invalid ${field}${suffix}: ${v}`);
      bounds.push({ field: key, lo, hi });
    }
  }
  const pageSize = Math.min(1000, Math.max(1, Number(query.get('PageSize') ?? 50) || 50));
  const page = Math.max(0, Number(query.get('Page') ?? 0) || 0);
  const start = page * pageSize;
  const calls: Array<Record<string, unknown>> = [];
  let matched = 0;
  for (const c of core.calls()) {
    if (to && c.to !== to) continue;
    if (from && c.from !== from) continue;
    if (status && c.status !== status) continue;
    let ok = true;
    for (const b of bounds) {
      const t = c[b.field];
      if (t === null || (b.lo !== undefined && t < b.lo) || (b.hi !== undefined && t > b.hi)) ok = false;
    }
    if (!ok) continue;
    if (matched >= start && matched < start + pageSize) calls.push(c.resource());
    matched++;
    if (matched > start + pageSize) break;
  }
  const pageUri = (n: number) => {
    const q = new URLSearchParams(query);
    q.set('PageSize', String(pageSize));
    q.set('Page', String(n));
    return `${path}?${q.toString()}`;
  };
  return {
    status: 200,
    body: {
      calls,
      end: start + calls.length - 1,
      first_page_uri: pageUri(0),
      next_page_uri: matched > start + pageSize ? pageUri(page + 1) : null,
      page,
      page_size: pageSize,
      previous_page_uri: page > 0 ? pageUri(page - 1) : null,
      start,
      uri: pageUri(page),
    },
  };
}

/** Recordings: the audio (WAV; `.mp3` is answered with WAV too), and DELETE. */
function recordingRoute(core: RestCore, method: string | undefined, path: string, sid: string | undefined, ext: string | undefined): RestAnswer {
  const audio = sid ? core.recordingAudio(sid) : undefined;
  if (!sid || !audio) return twilioError(404, 20404, `The requested resource ${path} was not found`);
  if (method === 'DELETE') return core.deleteRecording(sid) ? { status: 204, body: null } : twilioError(404, 20404, `The requested resource ${path} was not found`);
  if (method !== 'GET') return twilioError(405, 20004, 'Method not allowed');
  if (ext === '.json') return { status: 200, body: { sid, status: 'completed', media_format: 'wav', uri: path } };
  return { status: 200, body: null, raw: { contentType: 'audio/x-wav', data: audio } };
}

/** Google's REST shape: a bearer token is required (any), errors are `{error: {code, message, status}}`. */
function googleRoute(core: RestCore, req: http.IncomingMessage, path: string, body: string): RestAnswer {
  const googleError = (status: number, code: string, message: string): RestAnswer => ({ status, body: { error: { code: status, message, status: code } } });
  if (req.method !== 'POST') return googleError(405, 'UNIMPLEMENTED', 'POST only');
  if (!/^Bearer \S+/.test(req.headers.authorization ?? '')) return googleError(401, 'UNAUTHENTICATED', 'Request is missing required authentication credential.');
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return googleError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.');
  }
  return core.google(path === '/v1/speech:recognize' ? 'recognize' : 'synthesize', json);
}

function route(core: RestCore, req: http.IncomingMessage, url: URL, form: URLSearchParams, arrivedAt: number, body: string): RestAnswer {
  const path = url.pathname;
  if (path === '/_sim/stats' && req.method === 'GET') return { status: 200, body: core.stats() };
  if (path === '/_sim/stats/reset' && req.method === 'POST') return { status: 200, body: core.resetStats() };
  if (path === '/v1/speech:recognize' || path === '/v1/text:synthesize') return googleRoute(core, req, path, body);
  if (!path.startsWith(API)) return twilioError(404, 20404, `The requested resource ${path} was not found`);
  const recording = /\/Recordings\/RE[0-9a-f]+(\.wav|\.mp3)?$/.test(path);
  if (!authorised(req.headers.authorization, core.accountSid, core.authToken)) {
    if (recording) core.recordingRefused();
    return twilioError(401, 20003, 'Authenticate');
  }
  // The Account resource: what a credentials check fetches (tiwen doctor).
  if (path === `${API}${core.accountSid}.json` && req.method === 'GET') {
    return { status: 200, body: { sid: core.accountSid, friendly_name: 'tiwen simulator', status: 'active', type: 'Full', uri: `${API}${core.accountSid}.json` } };
  }
  const m = /^\/2010-04-01\/Accounts\/([^/]+)\/(Calls|Recordings)(?:\/([^/.]+))?(\.json|\.wav|\.mp3)?$/.exec(path);
  if (!m || m[1] !== core.accountSid) return twilioError(404, 20404, `The requested resource ${path} was not found`);
  const [, , collection, sid, ext] = m;
  if (collection === 'Recordings') return recordingRoute(core, req.method, path, sid, ext);
  if (!sid) {
    if (req.method === 'POST') {
      const request = parseCreate(form);
      return 'to' in request ? core.createCall(request, arrivedAt) : request;
    }
    if (req.method === 'GET') return listCalls(core, url.searchParams, path);
    return twilioError(405, 20004, 'Method not allowed');
  }
  const call = core.getCall(sid);
  if (!call) return twilioError(404, 20404, `The requested resource ${path} was not found`);
  if (req.method === 'GET') return { status: 200, body: call.resource() };
  if (req.method === 'DELETE') return core.deleteCall(sid) ? { status: 204, body: null } : twilioError(400, 21220, 'Call is not in a completed state');
  if (req.method === 'POST') {
    const status = form.get('Status');
    if (status === 'completed' || status === 'canceled') core.hangup(sid, status);
    else if (status) return twilioError(400, 21218, `Invalid Status: ${status}`);
    else if (form.has('Url') || form.has('Twiml')) return twilioError(400, 20001, 'The simulator cannot redirect a live call (Url/Twiml update)');
    return { status: 200, body: core.getCall(sid)?.resource() };
  }
  return twilioError(405, 20004, 'Method not allowed');
}

/** The node:http request listener of the REST API. */
export function restHandler(core: RestCore): http.RequestListener {
  return (req, res) => {
    const arrivedAt = performance.now();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => {
      let answer: RestAnswer;
      if (size > MAX_BODY) answer = twilioError(413, 20001, 'Request body too large');
      else {
        try {
          const url = new URL(req.url ?? '/', 'http://simulator');
          const text = chunks.length ? Buffer.concat(chunks).toString('utf8') : '';
          const json = (req.headers['content-type'] ?? '').includes('json');
          answer = route(core, req, url, new URLSearchParams(json ? '' : text), arrivedAt, text);
        } catch (err) {
          answer = twilioError(500, 20500, `Internal Server Error: ${(err as Error).message}`);
        }
      }
      send(res, answer);
    });
  };
}
