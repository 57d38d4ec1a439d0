/**
 * The demo: a whole screening round of the synthetic community against the built-in
 * carrier simulator, with everything real in between (PostgreSQL, the official
 * twilio SDK, signed webhooks, the dialogue, the classifier, write-back).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import type { Config } from '../../config.js';
import type { Logger } from '../../log.js';
import type { Scenario } from '../../adapters/telephony/simulator/index.js';
import { importResidents } from '../importResidents.js';
import { changeRound, createRound, roundStatus } from '../rounds.js';
import { createDialer, setupCarrier, startServer, type Carrier, type Server } from '../runtime.js';
import type { Dialer } from '../dialer.js';
import { DEMO_COMMUNITY, demoRegisterCsv } from './register.js';

export interface DemoOptions {
  residents: number;
  cps: number;
  lines: number;
  scenario?: Scenario;
  /** HTTP port (0 = any free port). */
  port: number;
  /** Keep the web server running after the round (the caller closes it). */
  keepServer: boolean;
  callLogPath?: string;
  /** Listening and speaking (default: the configured TIWEN_STT / TIWEN_TTS). Google ones use the simulator as Google's endpoint unless one is configured. */
  stt?: 'gather' | 'google';
  tts?: 'say' | 'google';
  onProgress?: (p: DemoProgress) => void;
}

export interface DemoProgress {
  households: number;
  placed: number;
  answered: number;
  done: number;
  fever: number;
  /** Calls placed per second over the last second. */
  cps: number;
  linesInUse: number;
  etaSeconds: number | null;
}

export interface DemoResult {
  households: number;
  attempts: number;
  completed: number;
  fever: number;
  no_fever: number;
  unclear: number;
  unreachable: number;
  callback: number;
  wrong_number: number;
  refused: number;
  follow_ups: number;
  wall_seconds: number;
  max_cps_observed: number;
  max_lines_observed: number;
  /** Speech figures measured at the simulator (seconds / ms), and prompts synthesized this round. */
  speech: {
    stt: 'gather' | 'google';
    tts: 'say' | 'google';
    answer_to_first_prompt_s: { median: number | null; p99: number | null };
    turn_latency_ms: { median: number | null; p99: number | null };
    syntheses: number;
  };
  /** Jitter room the dialer gave its slots (ms per second of dials) and the worst event-loop delay it measured. */
  pacing_margin_ms: number;
  max_loop_delay_ms: number;
}

export interface DemoRun {
  roundId: number;
  result: DemoResult;
  server: Server;
  close(): Promise<void>;
}

/**
 * Retry delays are human time too: the demo compresses them (busy 5 min -> ~1 s,
 * no answer 30 min -> 5 s) so that the whole round, retries included, takes minutes.
 */
const DEMO_RETRY_TIME_SCALE = 1 / 360;
/** Lease of the demo's calls: longer than any compressed call, short enough for a quick tail. */
const DEMO_LEASE_SECONDS = 10;

export function demoCommunityName(residents: number): string {
  return residents === 10_000 ? DEMO_COMMUNITY : `${DEMO_COMMUNITY}(${residents}户)`;
}

/** The configuration the demo runs with: caps from the options, compressed retry delays. */
export function demoConfig(config: Config, cps: number, lines: number): Config {
  return {
    ...config,
    dialer: {
      ...config.dialer,
      accountCps: Math.max(config.dialer.accountCps, cps),
      accountLines: Math.max(config.dialer.accountLines, lines),
      claimBatch: Math.max(config.dialer.claimBatch, Math.ceil(cps)),
      // A lost final callback is reconciled after the lease; demo calls last seconds, not minutes.
      leaseSeconds: Math.min(config.dialer.leaseSeconds, DEMO_LEASE_SECONDS),
    },
    retry: { ...config.retry, timeScale: config.retry.timeScale * DEMO_RETRY_TIME_SCALE },
  };
}

const officeNameFor = (community: string) => `${community}居委会`;
const pick = (s: { median: number | null; p99: number | null }) => ({ median: s.median, p99: s.p99 });

/** The demo's speech choices; Google ones talk to the in-process simulator unless an endpoint is configured. */
function speechConfig(config: Config, simulatorUrl: string, stt: DemoOptions['stt'], tts: DemoOptions['tts']): Config {
  const speech = { ...config.speech, ...(stt ? { stt } : {}), ...(tts ? { tts } : {}) };
  const google = { ...config.google };
  if (speech.stt === 'google') google.speechEndpoint ??= simulatorUrl;
  if (speech.tts === 'google') google.ttsEndpoint ??= simulatorUrl;
  return { ...config, speech, google };
}

async function progressOf(pool: pg.Pool, roundId: number): Promise<Omit<DemoProgress, 'cps' | 'linesInUse' | 'etaSeconds'>> {
  const r = await pool.query<{ households: number; placed: number; answered: number; done: number; fever: number }>(
    `SELECT (SELECT count(*)::int FROM calls WHERE round_id = $1) AS households,
            (SELECT count(*)::int FROM attempts a JOIN calls c ON c.id = a.call_id WHERE c.round_id = $1 AND a.provider_call_id IS NOT NULL) AS placed,
            (SELECT count(*)::int FROM attempts a JOIN calls c ON c.id = a.call_id WHERE c.round_id = $1 AND a.answered_at IS NOT NULL) AS answered,
            (SELECT count(*)::int FROM calls WHERE round_id = $1 AND status IN ('done', 'cancelled')) AS done,
            (SELECT count(*)::int FROM calls WHERE round_id = $1 AND outcome = 'fever') AS fever`,
    [roundId],
  );
  return r.rows[0]!;
}

export async function runDemo(pool: pg.Pool, baseConfig: Config, logger: Logger, o: DemoOptions): Promise<DemoRun> {
  let config = demoConfig(baseConfig, o.cps, o.lines);
  const dir = path.resolve(config.dataDir);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `demo-register-${o.residents}.csv`);
  writeFileSync(file, demoRegisterCsv(o.residents));
  const community = demoCommunityName(o.residents);
  await importResidents(pool, { file, community, skipInvalid: false, timezone: config.round.defaultTimezone, actor: 'demo' });

  let carrier: Carrier | undefined;
  let server: Server | undefined;
  let dialer: Dialer | undefined;
  const close = async () => {
    await dialer?.stop();
    await server?.close();
    await carrier?.close();
  };
  try {
    carrier = await setupCarrier(config, logger, { forceSimulator: true, ...(o.scenario ? { scenario: o.scenario } : {}), ...(o.callLogPath ? { callLogPath: o.callLogPath } : {}) });
    config = speechConfig(config, carrier.simulator!.url, o.stt, o.tts);
    server = await startServer({ config, logger, pool, authToken: carrier.authToken, port: o.port, carrier });
    const synthesesBefore = server.promptAudio?.syntheses ?? 0;
    // The demo's round may call at any hour; real rounds keep their window.
    const round = await createRound(pool, config, { community, window: '00:00-24:00', cps: o.cps, lines: o.lines, actor: 'demo' });
    const started = Date.now();
    // Warm the prompts before the first call, as the dialer's first claim would.
    await server.promptAudio?.warm(officeNameFor(community));
    await changeRound(pool, round.id, 'start', 'demo');
    dialer = createDialer({ config, logger, pool, carrier, callEvents: server.callEvents, publicBaseUrl: server.publicBaseUrl });
    await dialer.start();

    let lastPlaced = 0;
    let lastAt = Date.now();
    const sim = carrier.simulator!;
    while ((await roundStatus(pool, round.id)).status === 'running') {
      const p = await progressOf(pool, round.id);
      const now = Date.now();
      const cps = ((p.placed - lastPlaced) * 1000) / Math.max(1, now - lastAt);
      lastPlaced = p.placed;
      lastAt = now;
      const elapsed = (now - started) / 1000;
      const etaSeconds = p.done > 0 ? Math.max(0, (elapsed / p.done) * (p.households - p.done)) : null;
      o.onProgress?.({ ...p, cps, linesInUse: sim.stats().active, etaSeconds });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await dialer.stop();
    const dialerStats = dialer.stats();
    dialer = undefined;
    await sim.idle();
    const wall = (Date.now() - started) / 1000;
    const status = await roundStatus(pool, round.id);
    o.onProgress?.({ ...(await progressOf(pool, round.id)), cps: 0, linesInUse: 0, etaSeconds: 0 });
    const simStats = sim.stats();
    const result: DemoResult = {
      households: status.households,
      attempts: status.attempts,
      completed: status.calls.done ?? 0,
      fever: status.outcomes.fever ?? 0,
      no_fever: status.outcomes.no_fever ?? 0,
      unclear: status.outcomes.unclear ?? 0,
      unreachable: status.outcomes.unreachable ?? 0,
      callback: status.outcomes.callback ?? 0,
      wrong_number: status.outcomes.wrong_number ?? 0,
      refused: status.outcomes.refused ?? 0,
      follow_ups: status.followUps,
      wall_seconds: Math.round(wall * 100) / 100,
      max_cps_observed: simStats.maxCpsObserved,
      max_lines_observed: simStats.maxActive,
      speech: {
        stt: config.speech.stt,
        tts: config.speech.tts,
        answer_to_first_prompt_s: { median: simStats.answerToFirstPrompt.median, p99: simStats.answerToFirstPrompt.p99 },
        turn_latency_ms: pick(config.speech.stt === 'google' ? simStats.turnLatencyMs.record : simStats.turnLatencyMs.gather),
        syntheses: (server.promptAudio?.syntheses ?? 0) - synthesesBefore,
      },
      pacing_margin_ms: dialerStats.marginMs,
      max_loop_delay_ms: dialerStats.maxLoopDelayMs,
    };
    if (!o.keepServer) await close();
    return { roundId: round.id, result, server, close };
  } catch (err) {
    await close().catch(() => undefined);
    throw err;
  }
}
