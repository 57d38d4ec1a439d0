/**
 * One simulated outbound call, from `queued` to its terminal status: dialling,
 * ringing, answering (human or machine), running our TwiML, and the status callbacks
 * Twilio would send on the way — with the scenario's callback faults applied.
 */
import type { SaidTurn } from './callLog.js';
import type { AnsweredBy, CallPlan, Population, Rng } from './population.js';
import { between } from './population.js';
import type { Scenario } from './scenario.js';
import type { StatsRecorder } from './stats.js';
import type { CallIo, HttpMethod } from './twiml.js';
import { runCall } from './twiml.js';
import type { WebhookClient } from './webhooks.js';
import { announceRecording, fetchPlay, postAmdVerdict, requestFallback } from './media.js';

export type CallStatus = 'queued' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';
export type StatusEvent = 'initiated' | 'ringing' | 'answered' | 'completed';

export interface CallRequest {
  to: string;
  from: string;
  url: string;
  method: HttpMethod;
  statusCallback: string | undefined;
  statusCallbackMethod: HttpMethod;
  statusCallbackEvents: ReadonlySet<string>;
  /** Seconds to ring before no-answer. */
  timeout: number;
  machineDetection: 'Enable' | 'DetectMessageEnd' | undefined;
  /** Set with AsyncAmd=true: the verdict is posted here while the call runs. */
  asyncAmdCallback?: string | undefined;
  /** Fetched (with ErrorCode/ErrorUrl) when a document request fails. */
  fallbackUrl?: string | undefined;
  fallbackMethod?: HttpMethod;
  /** With Record=true: where the whole call's recording is announced once the call has ended. */
  recordingStatusCallback?: string | undefined;
}

/** What a session needs from the simulator around it. */
export interface SessionHost {
  readonly accountSid: string;
  readonly baseUrl: string;
  readonly scenario: Scenario;
  readonly population: Population;
  readonly stats: StatsRecorder;
  readonly webhooks: WebhookClient;
  readonly closing: boolean;
  /** Runs `fn` after `ms` real milliseconds; returns a cancel function. */
  schedule(ms: number, fn: () => void): () => void;
  callbackQueued(): void;
  callbackSettled(): void;
  /** The call reached its terminal status (its line is free). */
  ended(session: CallSession): void;
  /** Its last callback has been sent: log it and forget it. */
  finished(session: CallSession): void;
  newSid(prefix: string): string;
  emit(event: Record<string, unknown>): void;
  /** Keeps a recording (the resident's words, null when empty) and names its URL. */
  addRecording(words: { text: string; confidence?: number } | null): { sid: string; url: string };
  /** What each fetched <Play> URL said ('' when its audio carries no words we can read). */
  readonly playCache: Map<string, string>;
}

const TERMINAL: ReadonlySet<CallStatus> = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);
const SIP_CODE: Record<string, string> = { completed: '200', busy: '486', 'no-answer': '487', canceled: '487', failed: '500' };

export function rfc2822(d: Date): string {
  return d.toUTCString().replace('GMT', '+0000');
}

export class CallSession {
  status: CallStatus = 'queued';
  readonly createdAt = new Date();
  updatedAt = this.createdAt;
  startedAt: Date | null = null;
  answeredAt: Date | null = null;
  endedAt: Date | null = null;
  answeredBy: AnsweredBy | null = null;
  duration = 0;
  readonly said: SaidTurn[] = [];
  /** What the resident heard after the last question (our closing words), if the call ended on our hang-up. */
  closing: string | null = null;
  readonly errors: string[] = [];
  /** True once the dispatcher let the call dial (it holds a line). */
  dialling = false;
  /** Set by the simulator while the call waits in the carrier's queue. */
  cancelQueued: (() => boolean) | undefined;

  private talkSeconds = 0;
  private cancelWait: (() => void) | undefined;
  private wakeWait: ((ok: boolean) => void) | undefined;
  private done = false;
  private sequence = 0;
  private held: Record<string, string> | undefined;
  private chain: Promise<void> = Promise.resolve();
  /** Set at the answer until the first document arrives: when the resident starts hearing us. */
  private firstPrompt: { at: number; humanSeconds: number } | undefined;

  constructor(
    private readonly host: SessionHost,
    readonly sid: string,
    readonly request: CallRequest,
    readonly plan: CallPlan,
    private readonly rng: Rng,
    private readonly faultRng: Rng,
  ) {}

  get isEnded(): boolean {
    return this.done;
  }

  /** The dispatcher lets the call dial. */
  async dial(): Promise<void> {
    if (this.done) return;
    this.dialling = true;
    this.startedAt = this.updatedAt = new Date();
    const timing = this.host.scenario.timing;
    this.callback('initiated', 'initiated');
    const { outcome } = this.plan;
    if (outcome === 'failed') {
      if (await this.wait(between(this.rng, timing.failedSeconds))) this.end('failed');
      return;
    }
    if (outcome === 'busy') {
      if (await this.wait(between(this.rng, timing.busySeconds))) this.end('busy');
      return;
    }
    this.setStatus('ringing');
    this.callback('ringing', 'ringing');
    const timeout = this.request.timeout;
    if (outcome === 'no_answer' || this.plan.ringSeconds >= timeout) {
      if (await this.wait(timeout)) this.end('no-answer');
      return;
    }
    if (!(await this.wait(this.plan.ringSeconds))) return;
    await this.answer();
  }

  private async answer(): Promise<void> {
    this.setStatus('in-progress');
    this.answeredAt = this.updatedAt;
    const md = this.request.machineDetection;
    if (md) {
      const by = this.plan.answeredBy;
      this.answeredBy = md === 'DetectMessageEnd' && by === 'machine_start' ? 'machine_end_beep' : by;
    }
    const asyncAmd = md !== undefined && this.request.asyncAmdCallback !== undefined;
    const extra: Record<string, string> = this.answeredBy && !asyncAmd ? { AnsweredBy: this.answeredBy } : {};
    this.callback('answered', 'in-progress', this.answeredBy ? { AnsweredBy: this.answeredBy } : {});
    const amdSeconds = this.host.scenario.timing.amdSeconds;
    if (md && !asyncAmd) {
      // Synchronous AMD: the callee hears nothing until detection has decided.
      if (!(await this.wait(amdSeconds))) return;
    } else if (asyncAmd) {
      this.host.schedule((amdSeconds * 1000) / this.host.scenario.timing.speed, () => {
        if (!this.done && this.answeredBy) postAmdVerdict(this.host, this.request.asyncAmdCallback!, { ...this.params('in-progress'), AnsweredBy: this.answeredBy }, this.errors);
      });
    }
    this.firstPrompt = { at: performance.now(), humanSeconds: md && !asyncAmd ? amdSeconds : 0 };
    const end = await runCall(this.io(), this.request.url, this.request.method, extra);
    if (end !== 'aborted') this.end('completed');
  }

  /** A REST update asked to end the call (Status=completed or canceled). */
  hangup(target: 'completed' | 'canceled'): void {
    if (this.done) return;
    if (this.status === 'in-progress') {
      if (target === 'canceled') return; // Twilio: canceled only affects queued or ringing calls
      this.abortWait();
      this.end('completed');
      return;
    }
    this.cancelQueued?.();
    this.abortWait();
    this.end('canceled');
  }

  /** The simulator is closing: stop without further webhooks. */
  abort(): void {
    this.done = true;
    this.abortWait();
  }

  resource(): Record<string, unknown> {
    const { accountSid } = this.host;
    const uri = `/2010-04-01/Accounts/${accountSid}/Calls/${this.sid}`;
    return {
      account_sid: accountSid,
      annotation: null,
      answered_by: this.answeredBy,
      api_version: '2010-04-01',
      caller_name: null,
      date_created: rfc2822(this.createdAt),
      date_updated: rfc2822(this.updatedAt),
      direction: 'outbound-api',
      duration: this.done ? String(this.duration) : null,
      end_time: this.endedAt ? rfc2822(this.endedAt) : null,
      forwarded_from: null,
      from: this.request.from,
      from_formatted: this.request.from,
      group_sid: null,
      parent_call_sid: null,
      phone_number_sid: null,
      price: null,
      price_unit: 'USD',
      queue_time: '0',
      sid: this.sid,
      start_time: this.startedAt ? rfc2822(this.startedAt) : null,
      status: this.status,
      subresource_uris: {
        notifications: `${uri}/Notifications.json`,
        recordings: `${uri}/Recordings.json`,
        payments: `${uri}/Payments.json`,
        events: `${uri}/Events.json`,
        siprec: `${uri}/Siprec.json`,
        streams: `${uri}/Streams.json`,
        user_defined_message_subscriptions: `${uri}/UserDefinedMessageSubscriptions.json`,
        user_defined_messages: `${uri}/UserDefinedMessages.json`,
      },
      to: this.request.to,
      to_formatted: this.request.to,
      trunk_sid: null,
      uri: `${uri}.json`,
    };
  }

  private setStatus(status: CallStatus): void {
    this.status = status;
    this.updatedAt = new Date();
  }

  private end(status: CallStatus): void {
    if (this.done) return;
    this.done = true;
    this.setStatus(status);
    this.endedAt = this.updatedAt;
    this.duration = this.answeredAt ? Math.max(1, Math.ceil(this.talkSeconds - 1e-9)) : 0;
    this.host.ended(this);
    const extra: Record<string, string> = { CallDuration: String(this.duration), SipResponseCode: SIP_CODE[status] ?? '200' };
    if (this.answeredBy) extra.AnsweredBy = this.answeredBy;
    this.callback('completed', status, extra);
    if (this.answeredAt && this.request.recordingStatusCallback) {
      const words = this.said.filter((t) => t.kind === 'speech' && t.answer).map((t) => t.answer).join(' ');
      const url = this.request.recordingStatusCallback;
      this.chain = this.chain.then(() => announceRecording(this.host, url, { sid: this.sid, words, duration: this.duration, errors: this.errors }));
    }
    void this.chain.then(() => this.host.finished(this));
  }

  /** Lets human time pass; false when the call ended meanwhile. */
  private wait(seconds: number): Promise<boolean> {
    if (this.done) return Promise.resolve(false);
    if (this.status === 'in-progress') this.talkSeconds += seconds;
    const ms = (seconds * 1000) / this.host.scenario.timing.speed;
    if (ms < 0.5) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      this.wakeWait = resolve;
      this.cancelWait = this.host.schedule(ms, () => {
        this.cancelWait = this.wakeWait = undefined;
        resolve(!this.done);
      });
    });
  }

  private abortWait(): void {
    this.cancelWait?.();
    const wake = this.wakeWait;
    this.cancelWait = this.wakeWait = undefined;
    wake?.(false);
  }

  private params(callStatus: string): Record<string, string> {
    const { to, from } = this.request;
    return {
      AccountSid: this.host.accountSid,
      ApiVersion: '2010-04-01',
      CallSid: this.sid,
      CallStatus: callStatus,
      Called: to,
      Caller: from,
      Direction: 'outbound-api',
      From: from,
      To: to,
    };
  }

  private io(): CallIo {
    const host = this.host;
    const timing = host.scenario.timing;
    return {
      timing,
      wait: (s) => this.wait(s),
      replyDelay: () => between(this.rng, timing.replyDelaySeconds),
      heardAtEnd: (heard) => {
        this.closing = heard || null;
      },
      fail: (message) => {
        this.errors.push(message);
        host.stats.webhookErrors++;
        host.emit({ type: 'webhook.error', sid: this.sid, message });
      },
      recording: (words) => host.addRecording(words),
      play: (url) => fetchPlay(host, url, this.sid, this.errors),
      ask: (heard, deliverable) => {
        const question = host.population.questionKey(heard);
        const a = this.plan.answer(question);
        const turn: SaidTurn = {
          question,
          heard,
          answer: a.kind === 'speech' ? a.text : a.kind === 'digits' ? a.digits : null,
          kind: a.kind,
          delivered: a.kind !== 'silence' && deliverable(a),
        };
        if (a.kind === 'speech') turn.confidence = a.confidence;
        this.said.push(turn);
        return a;
      },
      fetch: async (url, method, extra, kind) => {
        if (this.done || host.closing) return null;
        host.stats.webhooksSent++;
        const started = performance.now();
        let failure: string;
        try {
          const res = await host.webhooks.request(method, url, { ...this.params('in-progress'), ...extra });
          if (this.done) return null;
          if (res.status >= 200 && res.status <= 299) {
            this.measured(started, kind);
            return res.body;
          }
          failure = `${method} ${url}: HTTP ${res.status} (application error)`;
        } catch (err) {
          if (this.done) return null;
          failure = `${method} ${url}: ${(err as Error).message}`;
        }
        this.io().fail(failure);
        const body = await requestFallback(host, this.request, { ...this.params('in-progress'), ...extra }, url, {
          ended: () => this.done,
          fail: (m) => this.io().fail(m),
        });
        if (body !== null) this.measured(started, kind);
        return body;
      },
    };
  }

  private measured(started: number, kind: 'gather' | 'record' | undefined): void {
    const stats = this.host.stats;
    if (this.firstPrompt) {
      stats.firstPrompt.add(this.firstPrompt.humanSeconds + (performance.now() - this.firstPrompt.at) / 1000);
      this.firstPrompt = undefined;
    }
    if (kind === 'gather') stats.gatherLatency.add(performance.now() - started);
    else if (kind === 'record') stats.recordLatency.add(performance.now() - started);
  }

  /** Queues a status callback, applying loss, reordering and duplication faults. */
  private callback(event: StatusEvent, callStatus: string, extra: Record<string, string> = {}): void {
    const url = this.request.statusCallback;
    if (!url) return;
    const terminal = event === 'completed';
    if (!terminal && !this.request.statusCallbackEvents.has(event)) return;
    const params = {
      ...this.params(callStatus),
      CallbackSource: 'call-progress-events',
      SequenceNumber: String(this.sequence++),
      Timestamp: rfc2822(new Date()),
      ...extra,
    };
    const faults = this.host.scenario.faults;
    const stats = this.host.stats;
    if (faults.callbackLossRate > 0 && this.faultRng() < faults.callbackLossRate) {
      stats.callbacksDropped++;
      if (terminal) this.flushHeld();
      return;
    }
    if (!terminal && !this.held && faults.callbackReorderRate > 0 && this.faultRng() < faults.callbackReorderRate) {
      stats.callbacksReordered++;
      this.held = params;
      return;
    }
    this.send(url, params);
    if (faults.callbackDuplicateRate > 0 && this.faultRng() < faults.callbackDuplicateRate) {
      stats.callbacksDuplicated++;
      this.send(url, params);
    }
    this.flushHeld();
  }

  private flushHeld(): void {
    const held = this.held;
    this.held = undefined;
    if (held && this.request.statusCallback) this.send(this.request.statusCallback, held);
  }

  private send(url: string, params: Record<string, string>): void {
    const host = this.host;
    const delay = between(this.faultRng, host.scenario.faults.callbackDelayMs);
    host.callbackQueued();
    this.chain = this.chain
      .then(async () => {
        if (delay >= 1 && !host.closing) await new Promise<void>((resolve) => host.schedule(delay, resolve));
        if (host.closing) return;
        host.stats.callbacksSent++;
        try {
          const res = await host.webhooks.request(this.request.statusCallbackMethod, url, params);
          if (res.status < 200 || res.status > 299) throw new Error(`HTTP ${res.status}`);
        } catch (err) {
          const message = `status callback ${params.CallStatus} to ${url}: ${(err as Error).message}`;
          host.stats.webhookErrors++;
          this.errors.push(message);
          host.emit({ type: 'webhook.error', sid: this.sid, message });
        }
      })
      .finally(() => host.callbackSettled());
  }

  static isTerminal(status: CallStatus): boolean {
    return TERMINAL.has(status);
  }
}
