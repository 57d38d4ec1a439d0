/**
 * The built-in Twilio-compatible carrier simulator. The official twilio SDK places
 * calls on it (its REST base URL redirected here); it calls our webhooks exactly as
 * Twilio would, playing a simulated population from a scenario. See ./README.md.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { CallLog } from './callLog.js';
import { Dispatcher } from './limits.js';
import { mixSeed, mulberry32, Population } from './population.js';
import type { Rng } from './population.js';
import type { ListedCall, RestAnswer, RestCore } from './rest.js';
import { restHandler, twilioError } from './rest.js';
import type { Scenario } from './scenario.js';
import { CallSession } from './session.js';
import type { CallRequest, SessionHost } from './session.js';
import type { SimulatorStats } from './stats.js';
import { StatsRecorder } from './stats.js';
import { WebhookClient } from './webhooks.js';
import { silenceWav, wordsToWav, type SpokenWords } from './audio.js';
import { recognize, synthesize } from './google.js';

export { loadScenario, parseScenario, defaultScenario, scenarioFile } from './scenario.js';
export type { Scenario, ScenarioInput } from './scenario.js';
export type { SimulatorStats } from './stats.js';
export type { CallLogRecord, SaidTurn } from './callLog.js';

export interface SimulatorEvent {
  type: 'call.created' | 'call.ended' | 'webhook.error';
  sid: string;
  [key: string]: unknown;
}

export interface SimulatorOptions {
  /** 0 (default) = a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 'AC' + 32 zeros. */
  accountSid?: string;
  /** Default 'simulator-auth-token'. */
  authToken?: string;
  scenario: Scenario;
  /** Append one JSON line per ended call to this file. */
  callLogPath?: string;
  onEvent?: (event: SimulatorEvent) => void;
  /** Ended calls kept for GET/list (oldest forgotten first). Default 10,000. */
  retainEndedCalls?: number;
}

export interface Simulator {
  /** http://HOST:PORT — the SDK's https://api.twilio.com is rewritten to this. */
  readonly url: string;
  readonly accountSid: string;
  readonly authToken: string;
  stats(): SimulatorStats;
  /** Starts the stats over (counters, busiest seconds, most lines) and returns them. */
  resetStats(): SimulatorStats;
  /** Resolves when no call is active or queued, no callback is pending and the log is flushed. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** An ended call, reduced to what GET and list need. */
interface EndedCall extends ListedCall {
  readonly res: Record<string, unknown>;
}

function ended(s: CallSession): EndedCall {
  const res = s.resource();
  return { to: s.request.to, from: s.request.from, status: s.status, startMs: s.startedAt?.getTime() ?? null, endMs: s.endedAt?.getTime() ?? null, res, resource: () => res };
}

function listed(s: CallSession): ListedCall {
  return {
    to: s.request.to,
    from: s.request.from,
    status: s.status,
    // Like Twilio: a call still in the carrier's queue has no start time, so a StartTime filter skips it.
    startMs: s.startedAt?.getTime() ?? null,
    endMs: s.endedAt?.getTime() ?? null,
    resource: () => s.resource(),
  };
}

/** Recordings kept for fetching: a few rounds' worth of answers (each is a few dozen bytes of words). */
const RECORDINGS_KEPT = 100_000;

class CarrierSimulator implements SessionHost {
  readonly stats = new StatsRecorder();
  readonly population: Population;
  readonly webhooks: WebhookClient;
  readonly dispatcher: Dispatcher;
  closing = false;
  baseUrl = '';
  private readonly live = new Map<string, CallSession>();
  /** Every known call by sid, in creation order: live sessions and ended snapshots. */
  private readonly known = new Map<string, CallSession | EndedCall>();
  private readonly endedOrder: string[] = [];
  private endedHead = 0;
  private readonly timers = new Set<{ handle: NodeJS.Timeout; fn: () => void }>();
  private readonly restRng: Rng;
  private readonly callLog: CallLog | undefined;
  private idleWaiters: Array<() => void> = [];
  private callIndex = 0;
  /** Arrival time of the latest create (monotonic ms). */
  private lastArrival = 0;
  private pendingCallbacks = 0;
  /** What each recording holds (the audio is made on request); oldest forgotten past RECORDINGS_KEPT. */
  private readonly recordings = new Map<string, SpokenWords | null>();
  /** What a <Play> URL said, once fetched (Twilio caches media too). */
  readonly playCache = new Map<string, string>();

  constructor(
    readonly accountSid: string,
    readonly authToken: string,
    readonly scenario: Scenario,
    private readonly options: SimulatorOptions,
  ) {
    this.population = new Population(scenario);
    this.webhooks = new WebhookClient(authToken, scenario.carrier.webhookTimeoutSeconds * 1000);
    this.dispatcher = new Dispatcher(scenario.carrier, () => performance.now());
    this.restRng = mulberry32(mixSeed(scenario.seed, 0x5e57));
    this.callLog = options.callLogPath ? new CallLog(options.callLogPath, () => this.checkIdle()) : undefined;
  }

  emit(event: Record<string, unknown>): void {
    this.options.onEvent?.(event as SimulatorEvent);
  }

  newSid(prefix: string): string {
    return prefix + randomUUID().replace(/-/g, '');
  }

  schedule(ms: number, fn: () => void): () => void {
    if (this.closing) return () => undefined;
    const entry = {
      fn,
      handle: setTimeout(() => {
        this.timers.delete(entry);
        fn();
      }, ms),
    };
    this.timers.add(entry);
    return () => {
      clearTimeout(entry.handle);
      this.timers.delete(entry);
    };
  }

  callbackQueued(): void {
    this.pendingCallbacks++;
  }

  callbackSettled(): void {
    this.pendingCallbacks--;
  }

  /** Keeps a recording: the resident's words, or null for an empty one (a key ended it). */
  addRecording(words: SpokenWords | null): { sid: string; url: string } {
    const sid = this.newSid('RE');
    this.recordings.set(sid, words);
    if (this.recordings.size > RECORDINGS_KEPT) this.recordings.delete(this.recordings.keys().next().value!);
    return { sid, url: `${this.baseUrl}/2010-04-01/Accounts/${this.accountSid}/Recordings/${sid}` };
  }

  recordingAudio(sid: string): Buffer | undefined {
    if (!this.recordings.has(sid)) return undefined;
    this.stats.speech.recordingsServed++;
    const words = this.recordings.get(sid);
    return words ? wordsToWav(words) : silenceWav();
  }

  deleteRecording(sid: string): boolean {
    return this.recordings.delete(sid);
  }

  google(method: 'recognize' | 'synthesize', body: unknown): RestAnswer {
    if (method === 'recognize') {
      this.stats.speech.recognizeRequests++;
      return recognize(body);
    }
    this.stats.speech.synthesizeRequests++;
    return synthesize(body);
  }

  createCall(request: CallRequest, arrivedAt?: number): RestAnswer {
    const faults = this.scenario.faults;
    if (faults.restErrorRate > 0 && this.restRng() < faults.restErrorRate) {
      this.stats.restFaults++;
      return twilioError(500, 20500, 'Internal Server Error');
    }
    if (faults.rest429Rate > 0 && this.restRng() < faults.rest429Rate) {
      this.stats.restFaults++;
      return twilioError(429, 20429, 'Too Many Requests');
    }
    // Arrival order can differ slightly from body-parse order; the window needs a monotonic clock.
    const now = Math.max(arrivedAt ?? performance.now(), this.lastArrival);
    this.lastArrival = now;
    if (!this.dispatcher.admitCreate(now)) {
      this.stats.callsRejected++;
      return twilioError(429, 20429, 'Too Many Requests: over the carrier calls-per-second or line limit');
    }
    this.stats.created(now);
    const index = this.callIndex++;
    const sid = this.newSid('CA');
    const rng = mulberry32(mixSeed(this.scenario.seed, index, 1));
    const plan = this.population.plan(request.to, rng);
    const session = new CallSession(this, sid, request, plan, rng, mulberry32(mixSeed(this.scenario.seed, index, 2)));
    this.live.set(sid, session);
    this.known.set(sid, session);
    const body = session.resource();
    session.cancelQueued = this.dispatcher.enqueue((at) => {
      this.stats.dialStarted(at, this.dispatcher.lines);
      // After the create answer is on its way, like Twilio.
      setImmediate(() => void session.dial());
    });
    if (this.options.onEvent) this.emit({ type: 'call.created', sid, to: request.to });
    if (faults.createResponseLossRate > 0 && this.restRng() < faults.createResponseLossRate) {
      this.stats.restFaults++;
      return twilioError(500, 20500, 'Internal Server Error');
    }
    return { status: 201, body };
  }

  getCall(sid: string): ListedCall | undefined {
    const c = this.known.get(sid);
    return c instanceof CallSession ? listed(c) : c;
  }

  *calls(): Iterable<ListedCall> {
    const all = [...this.known.values()];
    for (let i = all.length - 1; i >= 0; i--) {
      const c = all[i]!;
      yield c instanceof CallSession ? listed(c) : c;
    }
  }

  hangup(sid: string, target: 'completed' | 'canceled'): void {
    this.live.get(sid)?.hangup(target);
  }

  deleteCall(sid: string): boolean {
    const c = this.known.get(sid);
    if (!c || c instanceof CallSession) return false;
    this.known.delete(sid);
    return true;
  }

  ended(session: CallSession): void {
    if (session.dialling) this.dispatcher.release();
    this.stats.ended(session.status);
  }

  finished(session: CallSession): void {
    this.live.delete(session.sid);
    if (this.known.has(session.sid)) {
      this.known.set(session.sid, ended(session));
      this.endedOrder.push(session.sid);
      this.forgetOldCalls();
    }
    this.callLog?.write({
      sid: session.sid,
      to: session.request.to,
      from: session.request.from,
      created_at: session.createdAt.toISOString(),
      answered_at: session.answeredAt?.toISOString() ?? null,
      ended_at: (session.endedAt ?? new Date()).toISOString(),
      status: session.status,
      answered_by: session.answeredBy,
      duration: session.duration,
      persona: session.plan.persona,
      said: session.said,
      closing: session.closing,
      errors: session.errors,
    });
    if (this.options.onEvent) this.emit({ type: 'call.ended', sid: session.sid, status: session.status });
    this.checkIdle();
  }

  private forgetOldCalls(): void {
    const keep = this.options.retainEndedCalls ?? 10_000;
    while (this.endedOrder.length - this.endedHead > keep) this.known.delete(this.endedOrder[this.endedHead++]!);
    if (this.endedHead > 4096 && this.endedHead * 2 > this.endedOrder.length) {
      this.endedOrder.splice(0, this.endedHead);
      this.endedHead = 0;
    }
  }

  resetStats(): SimulatorStats {
    this.stats.reset(this.dispatcher.lines);
    return this.snapshot();
  }

  snapshot(): SimulatorStats {
    return this.stats.snapshot({
      active: this.dispatcher.lines,
      queued: this.dispatcher.queued,
      pendingCallbacks: this.pendingCallbacks,
      maxDialCpsObserved: this.stats.dialStarts.max,
    });
  }

  isIdle(): boolean {
    return this.live.size === 0 && (this.callLog?.writing ?? 0) === 0;
  }

  checkIdle(): void {
    if (!this.idleWaiters.length || !this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async shutdown(): Promise<void> {
    this.closing = true;
    this.dispatcher.close();
    for (const s of this.live.values()) s.abort();
    this.live.clear();
    for (const t of [...this.timers]) {
      clearTimeout(t.handle);
      this.timers.delete(t);
      t.fn();
    }
    this.webhooks.close();
    await this.callLog?.close();
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}

/** Starts the simulator's HTTP server; resolves once it listens. */
export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const accountSid = options.accountSid ?? 'AC' + '0'.repeat(32);
  const authToken = options.authToken ?? 'simulator-auth-token';
  const core = new CarrierSimulator(accountSid, authToken, options.scenario, options);
  const rest: RestCore = {
    accountSid,
    authToken,
    createCall: (r, arrivedAt) => core.createCall(r, arrivedAt),
    getCall: (sid) => core.getCall(sid),
    calls: () => core.calls(),
    hangup: (sid, target) => core.hangup(sid, target),
    deleteCall: (sid) => core.deleteCall(sid),
    stats: () => core.snapshot(),
    resetStats: () => core.resetStats(),
    recordingAudio: (sid) => core.recordingAudio(sid),
    deleteRecording: (sid) => core.deleteRecording(sid),
    recordingRefused: () => void core.stats.speech.recordingsRefused++,
    google: (method, body) => core.google(method, body),
  };
  const server = http.createServer({ keepAliveTimeout: 30_000 }, restHandler(rest));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  core.baseUrl = `http://${urlHost}:${port}`;
  let closed: Promise<void> | undefined;
  return {
    url: core.baseUrl,
    accountSid,
    authToken,
    stats: () => core.snapshot(),
    resetStats: () => core.resetStats(),
    idle: () => core.idle(),
    close: () =>
      (closed ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await core.shutdown();
        await stopped;
      })()),
  };
}
