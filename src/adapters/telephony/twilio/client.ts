/**
 * The Telephony port on Twilio's REST API, through the official SDK.
 *
 * The SDK builds every request (paths, form fields, auth); we only hand it an HTTP
 * client that (a) keeps connections alive, (b) can send everything to another origin
 * (TWILIO_API_BASE_URL: the built-in carrier simulator or a regional proxy), and
 * (c) turns non-2xx answers into errors that keep the status, Twilio code and
 * Retry-After header — the SDK's own RestException drops the headers.
 */
import http from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import twilio from 'twilio';
import type RequestClientType from 'twilio/lib/base/RequestClient.js';
import type * as ResponseModule from 'twilio/lib/http/response.js';
import type { Logger } from '../../../log.js';
import { CarrierError, isCarrierCallStatus } from '../../../ports/telephony.js';
import type {
  CarrierCall,
  CarrierCallFilter,
  PlaceCallRequest,
  PlaceCallResult,
  Telephony,
} from '../../../ports/telephony.js';

export interface TwilioTelephonyOptions {
  accountSid: string;
  authToken: string;
  /** Send every REST request here instead of https://*.twilio.com (keeps path and query). */
  apiBaseUrl?: string;
  /** Retries inside one getCall/findCalls/hangup on 429, 5xx and network errors (never for placeCall). Default 3. */
  maxRetries?: number;
  /** First back-off step in ms; doubles per retry, with jitter. Default 500. */
  retryBaseMs?: number;
  /** Upper bound of one back-off wait, Retry-After included. Default 30000. */
  maxRetryDelayMs?: number;
  /** Per-request timeout in ms. Default 15000. */
  timeoutMs?: number;
  /** Open sockets per host. Default 256. */
  maxSockets?: number;
  logger?: Logger;
  /** How to wait between retries (tests pass a recorder). */
  sleep?: (ms: number) => Promise<void>;
}

export interface TwilioTelephony extends Telephony {
  /** The SDK client, for anything the port does not cover. */
  readonly client: twilio.Twilio;
  /** Closes idle keep-alive sockets. */
  close(): void;
}

type RequestClientOptions = ConstructorParameters<typeof twilio.RequestClient>[0];
type RequestClientRequest<TData> = RequestClientType.RequestOptions<TData>;

interface HttpResponse {
  statusCode: number;
  body: unknown;
  headers: unknown;
}

/** A non-2xx answer from the Twilio API (or from whatever stands in its place). */
export class TwilioHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: number | undefined,
    message: string,
    readonly retryAfterMs: number | undefined,
  ) {
    super(message);
    this.name = 'TwilioHttpError';
  }
}

const TWILIO_HOST = /(^|\.)twilio\.com$/i;
/** Call states in which a call is not over (Twilio's `Status` list filter takes one at a time). */
const LIVE_STATUSES = ['queued', 'ringing', 'in-progress'] as const;

/**
 * The SDK's RequestClient with our origin override, an http keep-alive agent (the SDK
 * only configures one for https) and errors for non-2xx answers.
 */
class TiwenRequestClient extends twilio.RequestClient {
  private readonly base: URL | null;
  private readonly httpAgent: http.Agent;

  constructor(apiBaseUrl: string | undefined, options: RequestClientOptions & { maxSockets: number }) {
    super(options);
    this.base = apiBaseUrl ? new URL(apiBaseUrl) : null;
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets, maxFreeSockets: options.maxSockets, timeout: options.timeout });
    this.axios.defaults.httpAgent = this.httpAgent;
  }

  override async request<TData>(opts: RequestClientRequest<TData>): Promise<ResponseModule.default<TData>> {
    const response = await super.request<TData>({ ...opts, uri: this.rewrite(opts.uri) });
    if (response.statusCode >= 400) throw toHttpError(response);
    return response;
  }

  rewrite(uri: string): string {
    if (!this.base) return uri;
    const target = new URL(uri);
    if (!TWILIO_HOST.test(target.hostname)) return uri;
    const prefix = this.base.pathname.replace(/\/+$/, '');
    return `${this.base.origin}${prefix}${target.pathname}${target.search}`;
  }

  close(): void {
    this.httpAgent.destroy();
    const httpsAgent = this.axios.defaults.httpsAgent as { destroy?: () => void } | undefined;
    httpsAgent?.destroy?.();
  }
}

function toHttpError(response: HttpResponse): TwilioHttpError {
  let body: unknown = response.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      // not JSON (e.g. an HTML page from a proxy): keep the status only
    }
  }
  const fields = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const code = typeof fields.code === 'number' ? fields.code : undefined;
  const message = typeof fields.message === 'string' ? fields.message : `HTTP ${response.statusCode}`;
  const headers = (response.headers ?? {}) as Record<string, unknown>;
  return new TwilioHttpError(response.statusCode, code, message, parseRetryAfter(headers['retry-after']));
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: unknown, now: number = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== 'string' && typeof text !== 'number') return undefined;
  const raw = String(text).trim();
  if (/^\d+(\.\d+)?$/.test(raw)) return Math.round(Number(raw) * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Network error codes that prove the request never reached the carrier. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ERR_INVALID_URL']);

interface Failure {
  error: CarrierError;
  /** Whether the same request may be sent again right away without risking a double call. */
  safeToRepeat: boolean;
}

function classify(err: unknown, what: string): Failure {
  if (err instanceof TwilioHttpError || isRestException(err)) {
    const status = err.status;
    const code = typeof err.code === 'number' ? err.code : undefined;
    const retryAfterMs = err instanceof TwilioHttpError ? err.retryAfterMs : undefined;
    const retryable = status === 429 || code === 20429 || status >= 500;
    const details: CarrierError['details'] = { status };
    if (code !== undefined) details.code = code;
    if (retryAfterMs !== undefined) details.retryAfterMs = retryAfterMs;
    const label = code !== undefined ? `HTTP ${status}, code ${code}` : `HTTP ${status}`;
    return { error: new CarrierError(`Twilio ${what} failed (${label}): ${err.message}`, retryable, details), safeToRepeat: retryable };
  }
  const netCode = networkCode(err);
  if (netCode !== undefined) {
    const accepted = NEVER_SENT.has(netCode) ? 'no' : 'unknown';
    const message = err instanceof Error ? err.message : String(err);
    return {
      error: new CarrierError(`Twilio ${what} failed (${netCode}): ${message}`, true, { accepted }),
      safeToRepeat: accepted === 'no',
    };
  }
  // Anything else is a bug on our side (bad parameters caught by the SDK, …): do not retry.
  const message = err instanceof Error ? err.message : String(err);
  return { error: new CarrierError(`Twilio ${what} failed: ${message}`, false, {}), safeToRepeat: false };
}

function isRestException(err: unknown): err is Error & { status: number; code?: unknown } {
  return err instanceof Error && typeof (err as { status?: unknown }).status === 'number';
}

function networkCode(err: unknown): string | undefined {
  if (err === null || typeof err !== 'object') return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && code.length > 0) return code;
  const cause = (err as { cause?: unknown }).cause;
  return cause !== undefined && cause !== err ? networkCode(cause) : undefined;
}

interface CallInstanceLike {
  sid: string;
  status: string;
  duration: string | number | null;
  answeredBy: string | null;
  to: string;
  startTime: Date | string | null;
}

function toCarrierCall(call: CallInstanceLike): CarrierCall {
  if (!isCarrierCallStatus(call.status)) throw new CarrierError(`Twilio returned unknown call status '${call.status}' for ${call.sid}`, false);
  const duration = call.duration === null || call.duration === '' ? null : Number(call.duration);
  const start = call.startTime instanceof Date ? call.startTime : call.startTime ? new Date(call.startTime) : null;
  return {
    providerCallId: call.sid,
    status: call.status,
    durationSeconds: duration === null || Number.isNaN(duration) ? null : duration,
    answeredBy: call.answeredBy ?? null,
    to: call.to,
    startTime: start && !Number.isNaN(start.getTime()) ? start : null,
  };
}

/** Twilio's AMD parameters: asynchronous AMD is MachineDetection=Enable plus AsyncAmd and its callback. */
function machineDetectionParams(request: PlaceCallRequest): { machineDetection?: string; asyncAmd?: string; asyncAmdStatusCallback?: string; asyncAmdStatusCallbackMethod?: string } {
  if (request.machineDetection === 'off') return {};
  if (request.machineDetection !== 'async') return { machineDetection: request.machineDetection };
  if (!request.amdCallbackUrl) throw new CarrierError('asynchronous machine detection needs amdCallbackUrl', false, { accepted: 'no' });
  return { machineDetection: 'Enable', asyncAmd: 'true', asyncAmdStatusCallback: request.amdCallbackUrl, asyncAmdStatusCallbackMethod: 'POST' };
}

export function createTwilioTelephony(options: TwilioTelephonyOptions): TwilioTelephony {
  const maxRetries = options.maxRetries ?? 3;
  const retryBaseMs = options.retryBaseMs ?? 500;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000;
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const logger = options.logger;
  const maxSockets = options.maxSockets ?? 256;

  const httpClient = new TiwenRequestClient(options.apiBaseUrl, {
    keepAlive: true,
    timeout: options.timeoutMs ?? 15_000,
    maxSockets,
    maxFreeSockets: maxSockets,
    maxTotalSockets: maxSockets * 4,
  });
  const client = twilio(options.accountSid, options.authToken, { httpClient });

  function backoff(retry: number, retryAfterMs: number | undefined): number {
    const ceiling = retryBaseMs * 2 ** retry;
    const jittered = ceiling / 2 + Math.random() * (ceiling / 2);
    return Math.min(maxRetryDelayMs, Math.max(jittered, retryAfterMs ?? 0));
  }

  /**
   * Runs one SDK operation, retrying what may be retried. `idempotent` operations (reads,
   * hangup) may also be repeated after a network error whose outcome is unknown.
   */
  async function withRetries<T>(what: string, idempotent: boolean, operation: () => Promise<T>): Promise<T> {
    for (let retry = 0; ; retry++) {
      try {
        return await operation();
      } catch (err) {
        const failure = classify(err, what);
        const repeatable = failure.error.retryable && (failure.safeToRepeat || idempotent);
        if (!repeatable || retry >= maxRetries) throw failure.error;
        const wait = backoff(retry, failure.error.details.retryAfterMs);
        logger?.warn('twilio request failed, retrying', { what, retry: retry + 1, waitMs: Math.round(wait), error: failure.error.message });
        await sleep(wait);
      }
    }
  }

  return {
    name: 'twilio',
    client,

    /**
     * One create request, never repeated here: the dialer paced it into a slot of its
     * own. A 429 comes back as retryable with `accepted: 'no'` (the dialer re-queues the
     * call after Retry-After); a 5xx or a dropped connection as `accepted: 'unknown'` (a
     * gateway error may follow a created call, so the dialer asks the carrier before any
     * re-dial).
     */
    async placeCall(request: PlaceCallRequest): Promise<PlaceCallResult> {
      try {
        const call = await client.calls.create({
          to: request.to,
          from: request.from,
          url: request.answerUrl,
          method: 'POST',
          statusCallback: request.statusCallbackUrl,
          statusCallbackMethod: 'POST',
          statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
          timeout: request.timeoutSeconds,
          ...machineDetectionParams(request),
          ...(request.fallbackUrl ? { fallbackUrl: request.fallbackUrl, fallbackMethod: 'POST' } : {}),
          ...(request.record ? { record: true, recordingStatusCallback: request.record.recordingStatusUrl, recordingStatusCallbackMethod: 'POST' } : {}),
        });
        return { providerCallId: call.sid };
      } catch (err) {
        const { error } = classify(err, 'placeCall');
        const status = error.details.status;
        const accepted = status === undefined ? error.details.accepted : status >= 500 ? 'unknown' : 'no';
        logger?.warn('twilio placeCall failed', { error: error.message, accepted });
        throw new CarrierError(error.message, error.retryable, { ...error.details, ...(accepted ? { accepted } : {}) });
      }
    },

    async getCall(providerCallId: string): Promise<CarrierCall | null> {
      try {
        const call = await withRetries('getCall', true, () => client.calls(providerCallId).fetch());
        return toCarrierCall(call);
      } catch (err) {
        if (err instanceof CarrierError && err.details.status === 404) return null;
        throw err;
      }
    },

    async findCalls(filter: CarrierCallFilter): Promise<CarrierCall[]> {
      // Twilio's StartTime filter never matches a queued call (no start time yet), and the
      // list filters by one Status at a time: ask for the live states one by one, then
      // for what started in the window, and merge by CallSid.
      const bySid = new Map<string, CarrierCall>();
      for (const status of LIVE_STATUSES) {
        const list = await withRetries('findCalls', true, () => client.calls.list({ to: filter.to, status, pageSize: 50, limit: 50 }));
        for (const c of list) bySid.set(c.sid, toCarrierCall(c));
      }
      const started = await withRetries('findCalls', true, () => client.calls.list({ to: filter.to, startTimeAfter: filter.startedAfter, pageSize: 50, limit: 200 }));
      for (const c of started) if (!bySid.has(c.sid)) bySid.set(c.sid, toCarrierCall(c));
      return [...bySid.values()];
    },

    async hangup(providerCallId: string): Promise<void> {
      try {
        await withRetries('hangup', true, () => client.calls(providerCallId).update({ status: 'completed' }));
      } catch (err) {
        // 404: unknown call; 21220: the call is no longer in progress. Either way it is over.
        if (err instanceof CarrierError && (err.details.status === 404 || err.details.code === 21220)) return;
        throw err;
      }
    },

    close(): void {
      httpClient.close();
    },
  };
}
