/**
 * `tiwen bench`: rounds against the simulator (in its own process), measuring
 * (a) pacing fidelity at several caps, (b) the software ceiling (calls/s end to end
 * with an unlimited carrier and ~0 talk time), (c) a round's time against its
 * theoretical minimum, and (d) peak memory at two round sizes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';
import path from 'node:path';
import type pg from 'pg';
import type { Config } from '../../config.js';
import type { Logger } from '../../log.js';
import { createTwilioTelephony } from '../../adapters/telephony/twilio/client.js';
import { scenarioFile, type SimulatorStats } from '../../adapters/telephony/simulator/index.js';
import { importResidents } from '../importResidents.js';
import { changeRound, createRound } from '../rounds.js';
import { getRound } from '../../adapters/store/postgres/rounds.js';
import { createDialer, startServer, SIMULATOR_CALLER_ID } from '../runtime.js';
import { demoRegisterCsv } from '../demo/register.js';
import { meanCallSeconds, startSimProcess, type SimProcess } from './simProcess.js';
import type { DialerStats } from '../dialer.js';
import { benchClassifier, type ClassifierFigure } from './classifierBench.js';
import { measureWriteRate, type ReferenceFigure } from './reference.js';

export interface PacingFigure {
  cps: number;
  calls: number;
  achieved_cps: number;
  achieved_ratio: number;
  max_window: number;
  max_window_ratio: number;
}

export interface BenchReport {
  pacing?: PacingFigure[];
  ceiling?: {
    calls: number;
    wall_seconds: number;
    calls_per_second: number;
    /**
     * The same database's plain write-transaction rate (pgbench -N style), measured just
     * before and just after the ceiling round; `tps` is their mean. Far apart, the
     * machine's load changed during the run and the ratio is uncertain by as much.
     */
    reference: ReferenceFigure & { tps_before: number; tps_after: number };
    /** calls_per_second ÷ reference.tps: the figure that travels between machines. */
    ratio_to_reference: number;
  };
  round?: { calls: number; cps: number; lines: number; mean_call_seconds: number; theoretical_seconds: number; wall_seconds: number; ratio: number };
  memory?: {
    small_calls: number;
    small_peak_rss_mb: number;
    small_retained_heap_mb: number;
    large_calls: number;
    large_peak_rss_mb: number;
    large_retained_heap_mb: number;
    retained_ratio: number;
  };
  classifier?: ClassifierFigure | null;
}

export type BenchPart = 'pacing' | 'ceiling' | 'round' | 'memory' | 'classifier';

export interface BenchOptions {
  quick: boolean;
  /** Run only these parts (default: all). */
  only?: BenchPart[];
  onStep?: (line: string) => void;
}

interface RoundRun {
  wallSeconds: number;
  peakRssMb: number;
  /** Heap still in use after a full garbage collection at the end of the round. */
  retainedHeapMb: number;
  households: number;
}

let benchSeq = 0;

/** Heap in use after a full collection: what the process really holds. */
function retainedHeap(): number {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

/**
 * One round of `households` calls against a `tiwen sim` process: `o.sim` (its stats
 * started over first), or a fresh one started for the round.
 */
async function benchRound(
  pool: pg.Pool,
  baseConfig: Config,
  logger: Logger,
  o: { households: number; cps: number; lines: number; scenario: object; dir: string; callLog?: string; sim?: SimProcess },
): Promise<RoundRun & { sim: SimulatorStats; dialer: DialerStats }> {
  const config: Config = {
    ...baseConfig,
    dialer: {
      ...baseConfig.dialer,
      accountCps: o.cps,
      accountLines: o.lines,
      claimBatch: Math.max(baseConfig.dialer.claimBatch, Math.ceil(o.cps)),
      maxInflightRequests: Math.max(baseConfig.dialer.maxInflightRequests, Math.ceil(o.cps)),
    },
  };
  const community = `压测社区-${process.pid}-${Date.now()}-${++benchSeq}`;
  const file = path.join(o.dir, `register-${benchSeq}.csv`);
  writeFileSync(file, demoRegisterCsv(o.households, benchSeq).replace(/,是\n/g, ',\n'));
  await importResidents(pool, { file, community, skipInvalid: false, timezone: config.round.defaultTimezone, actor: 'bench' });
  const sim = o.sim ?? (await startSimProcess(o.scenario, o.dir, o.callLog));
  if (o.sim) await sim.resetStats();
  const telephony = createTwilioTelephony({ accountSid: sim.accountSid, authToken: sim.authToken, apiBaseUrl: sim.url, logger });
  const server = await startServer({ config, logger, pool, authToken: sim.authToken, port: 0, host: '127.0.0.1' });
  const dialer = createDialer({ config, logger, pool, carrier: { telephony, from: SIMULATOR_CALLER_ID }, callEvents: server.callEvents, publicBaseUrl: server.publicBaseUrl });
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  try {
    const round = await createRound(pool, config, { community, window: '00:00-24:00', cps: o.cps, lines: o.lines, maxAttempts: 1, actor: 'bench' });
    await dialer.start();
    const started = performance.now();
    await changeRound(pool, round.id, 'start', 'bench');
    // A one-row read: the round's counts (roundStatus) would load the database under test.
    while ((await getRound(pool, round.id))?.status === 'running') await new Promise((r) => setTimeout(r, 20));
    const wallSeconds = (performance.now() - started) / 1000;
    const stats = await sim.stats();
    return { wallSeconds, peakRssMb: peak / 2 ** 20, retainedHeapMb: retainedHeap() / 2 ** 20, households: round.households, sim: stats, dialer: dialer.stats() };
  } finally {
    clearInterval(sampler);
    await dialer.stop();
    await server.close();
    telephony.close();
    if (!o.sim) await sim.stop();
  }
}

function scenarioWith(over: { carrier?: object; timing?: object }): object {
  const base = JSON.parse(readFileSync(scenarioFile('bench'), 'utf8')) as Record<string, unknown>;
  return { ...base, ...(over.carrier ? { carrier: { ...(base.carrier as object), ...over.carrier } } : {}), ...(over.timing ? { timing: { ...(base.timing as object), ...over.timing } } : {}) };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
/** Connections of the reference write load (a common pgbench -c). */
const REFERENCE_CLIENTS = 8;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

export async function runBench(pool: pg.Pool, config: Config, logger: Logger, o: BenchOptions): Promise<BenchReport> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tiwen-bench-'));
  const step = o.onStep ?? (() => undefined);
  const wanted = (part: BenchPart) => !o.only || o.only.includes(part);
  const report: BenchReport = {};
  try {
    if (wanted('pacing')) report.pacing = await benchPacing();
    if (wanted('ceiling')) report.ceiling = await benchCeiling();
    if (wanted('round')) report.round = await benchRoundTime();
    if (wanted('memory')) report.memory = await benchMemory();
    if (wanted('classifier')) report.classifier = benchClassifierStep();
    return report;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  async function benchPacing(): Promise<PacingFigure[]> {
    // (a) Pacing fidelity: the round's cap binds; lines and the carrier do not. One
    // simulator for all caps, warmed up first by a round that is not measured: a fresh
    // process's first seconds (heap growth, its first full collections) delay its
    // reading of requests by several ms, which is the carrier's noise, not our pacing.
    const pacing: PacingFigure[] = [];
    const seconds = o.quick ? 4 : 8;
    const sim = await startSimProcess(scenarioWith({}), dir);
    try {
      await benchRound(pool, config, logger, { households: 250, cps: 50, lines: 5000, scenario: scenarioWith({}), dir, sim });
      step('pacing: simulator warmed up with 250 calls (not measured)');
      for (const cps of o.quick ? [10, 50] : [10, 25, 50]) {
        const calls = cps * seconds;
        const r = await benchRound(pool, config, logger, { households: calls, cps, lines: 5000, scenario: scenarioWith({}), dir, sim });
        const span = ((r.sim.lastCreateAt ?? 0) - (r.sim.firstCreateAt ?? 0)) / 1000;
        const achieved = span > 0 ? (r.sim.callsCreated - 1) / span : 0;
        pacing.push({ cps, calls, achieved_cps: round2(achieved), achieved_ratio: round3(achieved / cps), max_window: r.sim.maxCpsObserved, max_window_ratio: round3(r.sim.maxCpsObserved / cps) });
        step(`pacing at ${cps} calls/s: achieved ${achieved.toFixed(2)} (${(achieved / cps).toFixed(3)} of the cap), busiest second ${r.sim.maxCpsObserved}; latest dial ${r.dialer.maxLateMs.toFixed(1)} ms after its slot, ${r.dialer.late} re-slotted, busiest second by send time ${r.dialer.maxPerSecond}`);
      }
    } finally {
      await sim.stop();
    }
    return pacing;
  }

  async function benchCeiling(): Promise<NonNullable<BenchReport['ceiling']>> {
    // (b) Software ceiling: unlimited carrier, ~0 talk time, caps far above what we can do.
    // Measured against the database's own write rate on the same server, taken just
    // before and after: 8 clients, like a common `pgbench -N -c 8` run.
    const refSeconds = o.quick ? 3 : 5;
    const before = await measureWriteRate(pool, { clients: REFERENCE_CLIENTS, seconds: refSeconds });
    step(`reference before: ${before.tps} write transactions/s (pgbench -N style, ${before.clients} clients, ${before.seconds} s)`);
    const ceilingCalls = o.quick ? 2000 : 6000;
    const c = await benchRound(pool, config, logger, { households: ceilingCalls, cps: 1000, lines: 5000, scenario: scenarioWith({}), dir });
    const after = await measureWriteRate(pool, { clients: REFERENCE_CLIENTS, seconds: refSeconds });
    step(`reference after: ${after.tps} write transactions/s`);
    const seconds = before.seconds + after.seconds;
    const transactions = before.transactions + after.transactions;
    const reference = { clients: REFERENCE_CLIENTS, seconds: round2(seconds), transactions, tps: Math.round((transactions / seconds) * 10) / 10, tps_before: before.tps, tps_after: after.tps };
    const perSecond = ceilingCalls / c.wallSeconds;
    const ceiling = { calls: ceilingCalls, wall_seconds: round2(c.wallSeconds), calls_per_second: round2(perSecond), reference, ratio_to_reference: round3(perSecond / reference.tps) };
    step(`software ceiling: ${ceilingCalls} calls end to end in ${c.wallSeconds.toFixed(2)} s = ${ceiling.calls_per_second} calls/s = ${ceiling.ratio_to_reference} × the reference write rate`);
    return ceiling;
  }

  async function benchRoundTime(): Promise<NonNullable<BenchReport['round']>> {
    // (c) Round time against its theoretical minimum, lines binding: 3 s calls (30 s of
    // ringing compressed 10x) on 150 lines need 50 calls/s, well inside the caps.
    const roundCalls = o.quick ? 2000 : 10000;
    const cps = 100;
    const lines = 150;
    const callLog = path.join(dir, 'round-calls.jsonl');
    const timed = scenarioWith({ timing: { speed: 10, ringSeconds: [30, 30] } });
    const rr = await benchRound(pool, config, logger, { households: roundCalls, cps, lines, scenario: timed, dir, callLog });
    const mean = meanCallSeconds(callLog);
    const theoretical = Math.max(roundCalls / cps, (roundCalls * mean) / lines);
    const round = { calls: roundCalls, cps, lines, mean_call_seconds: round3(mean), theoretical_seconds: round2(theoretical), wall_seconds: round2(rr.wallSeconds), ratio: round3(rr.wallSeconds / theoretical) };
    step(`round of ${roundCalls}: ${rr.wallSeconds.toFixed(2)} s vs theoretical ${theoretical.toFixed(2)} s (ratio ${round.ratio}); max lines at the carrier ${rr.sim.maxActive}`);
    return round;
  }

  function benchClassifierStep(): ClassifierFigure | null {
    const figure = benchClassifier(o.quick ? 50000 : 200000);
    if (figure === null) step('classifier: no labelled answers (test/data) to classify, skipped');
    else
      step(
        `classifier: ${figure.classified} classifications of ${figure.answers} labelled answers: ${figure.answers_per_second} answers/s, ` +
          `${figure.answers_per_cpu_second} per CPU second (reference, normalisation alone: ${figure.normalise_per_cpu_second} per CPU second)`,
      );
    return figure;
  }

  async function benchMemory(): Promise<NonNullable<BenchReport['memory']>> {
    // (d) Memory at two round sizes (talk time ~0, same caps).
    const small = await benchRound(pool, config, logger, { households: o.quick ? 500 : 2000, cps: 1000, lines: 1000, scenario: scenarioWith({}), dir });
    const large = await benchRound(pool, config, logger, { households: o.quick ? 2500 : 20000, cps: 1000, lines: 1000, scenario: scenarioWith({}), dir });
    const memory = {
      small_calls: small.households,
      small_peak_rss_mb: round2(small.peakRssMb),
      small_retained_heap_mb: round2(small.retainedHeapMb),
      large_calls: large.households,
      large_peak_rss_mb: round2(large.peakRssMb),
      large_retained_heap_mb: round2(large.retainedHeapMb),
      retained_ratio: round3(large.retainedHeapMb / small.retainedHeapMb),
    };
    step(
      `memory: ${memory.small_calls} calls: peak RSS ${memory.small_peak_rss_mb} MB, heap after GC ${memory.small_retained_heap_mb} MB; ` +
        `${memory.large_calls} calls: peak RSS ${memory.large_peak_rss_mb} MB, heap after GC ${memory.large_retained_heap_mb} MB`,
    );
    return memory;
  }
}
