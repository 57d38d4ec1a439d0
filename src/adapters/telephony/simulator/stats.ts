/**
 * What the simulator measured: counters, the busiest second of call creation, lines
 * in use. All times are monotonic milliseconds (performance.now()).
 */
import { SlidingWindow } from './limits.js';

export interface SimulatorStats {
  /** Creates answered 201 (the call exists). */
  callsCreated: number;
  /** Creates refused for being over the CPS or line limit (429/20429, reject mode). */
  callsRejected: number;
  /** Creates answered with an injected fault (500 or 429). */
  restFaults: number;
  /** Calls dialling, ringing or in progress (= lines in use). */
  active: number;
  /** Calls held in `queued` waiting for a CPS slot or a line. */
  queued: number;
  /** The most lines in use at once. */
  maxActive: number;
  /** Most creates accepted in any sliding one-second window [t, t + 1 s), by arrival time. */
  maxCpsObserved: number;
  /** Most calls leaving `queued` (starting to dial) in any one-second window. */
  maxDialCpsObserved: number;
  firstCreateAt: number | null;
  lastCreateAt: number | null;
  /** Calls that reached a terminal status. */
  completed: number;
  byStatus: Record<string, number>;
  /** Webhook requests that failed (network, timeout, non-2xx, bad TwiML). */
  webhookErrors: number;
  webhooksSent: number;
  callbacksSent: number;
  callbacksDropped: number;
  callbacksDuplicated: number;
  callbacksReordered: number;
  /** Status callbacks not yet delivered. */
  pendingCallbacks: number;
  /** Speech paths: recordings served (and refused for bad credentials), Google-compatible requests, <Play> fetches. */
  speech: {
    recordingsServed: number;
    recordingsRefused: number;
    recognizeRequests: number;
    synthesizeRequests: number;
    playFetches: number;
    playErrors: number;
    amdCallbacks: number;
    fallbackRequests: number;
  };
  /**
   * Seconds from the answer to the first prompt the resident hears: simulated
   * synchronous AMD (human time) plus the real wait for our first TwiML.
   */
  answerToFirstPrompt: Summary;
  /** Real ms from posting an answer (Gather result / recording) to our next TwiML, by verb. */
  turnLatencyMs: { gather: Summary; record: Summary };
}

export interface Summary {
  count: number;
  median: number | null;
  p99: number | null;
  max: number | null;
}

/** The latest samples of a measure (bounded), summarised on demand. */
export class Samples {
  private values: number[] = [];
  private next = 0;
  count = 0;
  constructor(private readonly keep = 20_000) {}

  add(v: number): void {
    this.count++;
    if (this.values.length < this.keep) this.values.push(v);
    else this.values[this.next++ % this.keep] = v;
  }

  summary(): Summary {
    if (this.values.length === 0) return { count: 0, median: null, p99: null, max: null };
    const sorted = [...this.values].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    const round = (v: number) => Math.round(v * 1000) / 1000;
    return { count: this.count, median: round(at(0.5)), p99: round(at(0.99)), max: round(sorted[sorted.length - 1]!) };
  }
}

function speechCounters(): SimulatorStats['speech'] {
  return { recordingsServed: 0, recordingsRefused: 0, recognizeRequests: 0, synthesizeRequests: 0, playFetches: 0, playErrors: 0, amdCallbacks: 0, fallbackRequests: 0 };
}

export class StatsRecorder {
  /** Creates accepted, and calls leaving `queued`, by time (the busiest seconds). */
  creates = new SlidingWindow();
  dialStarts = new SlidingWindow();
  callsCreated = 0;
  callsRejected = 0;
  restFaults = 0;
  maxActive = 0;
  firstCreateAt: number | null = null;
  lastCreateAt: number | null = null;
  completed = 0;
  readonly byStatus: Record<string, number> = {};
  webhookErrors = 0;
  webhooksSent = 0;
  callbacksSent = 0;
  callbacksDropped = 0;
  callbacksDuplicated = 0;
  callbacksReordered = 0;
  speech = speechCounters();
  firstPrompt = new Samples();
  gatherLatency = new Samples();
  recordLatency = new Samples();

  /** Starts the figures over (between phases of a load test); the carrier's limits keep their own counts. */
  reset(linesInUse: number): void {
    this.callsCreated = this.callsRejected = this.restFaults = this.completed = 0;
    this.webhookErrors = this.webhooksSent = this.callbacksSent = this.callbacksDropped = this.callbacksDuplicated = this.callbacksReordered = 0;
    this.maxActive = linesInUse;
    this.firstCreateAt = this.lastCreateAt = null;
    for (const k of Object.keys(this.byStatus)) delete this.byStatus[k];
    this.creates = new SlidingWindow();
    this.dialStarts = new SlidingWindow();
    this.speech = speechCounters();
    this.firstPrompt = new Samples();
    this.gatherLatency = new Samples();
    this.recordLatency = new Samples();
  }

  /** A create was accepted at `now`. */
  created(now: number): void {
    this.callsCreated++;
    this.creates.add(now);
    this.firstCreateAt ??= now;
    this.lastCreateAt = now;
  }

  /** A call left `queued` and started dialling; `linesInUse` now. */
  dialStarted(now: number, linesInUse: number): void {
    this.dialStarts.add(now);
    this.linesInUse(linesInUse);
  }

  private linesInUse(n: number): void {
    if (n > this.maxActive) this.maxActive = n;
  }

  ended(status: string): void {
    this.completed++;
    this.byStatus[status] = (this.byStatus[status] ?? 0) + 1;
  }

  snapshot(live: { active: number; queued: number; pendingCallbacks: number; maxDialCpsObserved: number }): SimulatorStats {
    return {
      callsCreated: this.callsCreated,
      callsRejected: this.callsRejected,
      restFaults: this.restFaults,
      active: live.active,
      queued: live.queued,
      maxActive: this.maxActive,
      maxCpsObserved: this.creates.max,
      maxDialCpsObserved: live.maxDialCpsObserved,
      firstCreateAt: this.firstCreateAt,
      lastCreateAt: this.lastCreateAt,
      completed: this.completed,
      byStatus: { ...this.byStatus },
      webhookErrors: this.webhookErrors,
      webhooksSent: this.webhooksSent,
      callbacksSent: this.callbacksSent,
      callbacksDropped: this.callbacksDropped,
      callbacksDuplicated: this.callbacksDuplicated,
      callbacksReordered: this.callbacksReordered,
      pendingCallbacks: live.pendingCallbacks,
      speech: { ...this.speech },
      answerToFirstPrompt: this.firstPrompt.summary(),
      turnLatencyMs: { gather: this.gatherLatency.summary(), record: this.recordLatency.summary() },
    };
  }
}
