/**
 * What the fault suite shares: a population whose answers are known, `tiwen serve` as
 * a child process (so it can be killed), and the checks every scenario makes from the
 * carrier's call log and the database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { DEFAULT_ERROR_TEXT } from '../../../src/adapters/telephony/twilio/twiml.js';
import type { CallLogRecord } from '../../../src/adapters/telephony/simulator/index.js';
import type { SimProcess } from '../../../src/app/bench/simProcess.js';
import { packageRoot } from '../../../src/util/paths.js';
import { waitFor } from '../../helpers/wait.js';

/** Who answers and what they say; `EXPECTED` is what the register must say afterwards. */
export function population(o: { seed: number; speed?: number; carrier?: object; faults?: object }): object {
  return {
    seed: o.seed,
    outcomes: { answered: 8, busy: 1, no_answer: 1 },
    // Compressed time: a call lasts about a second.
    timing: { speed: o.speed ?? 30, ringSeconds: [2, 8], replyDelaySeconds: [0.5, 1.5] },
    questions: [
      { key: 'confirm', match: '对吗' },
      { key: 'keypad', match: '请按1' },
      { key: 'temperature', match: '多少度' },
    ],
    personas: [
      { name: 'healthy', weight: 6, answers: { default: [{ text: '没有', confidence: 0.9 }] } },
      { name: 'fever', weight: 2, answers: { fever: [{ text: '有,我老伴发烧了' }], temperature: [{ text: '三十八度五' }], confirm: [{ digits: '1' }] } },
      { name: 'keypad', weight: 1, answers: { fever: [{ silence: true }], keypad: [{ digits: '1' }], temperature: [{ text: '三十九度' }], confirm: [{ text: '对' }] } },
    ],
    carrier: { cps: null, lines: null, ...o.carrier },
    faults: o.faults ?? {},
  };
}

export const EXPECTED: Record<string, { outcome: string; temperature: number | null }> = {
  healthy: { outcome: 'no_fever', temperature: null },
  fever: { outcome: 'fever', temperature: 38.5 },
  keypad: { outcome: 'fever', temperature: 39 },
};

/** Settings of every scenario: compressed retries, short leases so reconciliation happens within the test. */
/** Lets the suite read /metrics of the serve processes it starts (Authorization: Bearer …). */
export const METRICS_TOKEN = 'fault-suite-metrics-token';

export function roundEnv(o: { cps: number; lines: number }): Record<string, string> {
  return {
    TIWEN_METRICS_TOKEN: METRICS_TOKEN,
    TIWEN_ACCOUNT_CPS: String(o.cps),
    TIWEN_ACCOUNT_LINES: String(o.lines),
    TIWEN_LEASE_SECONDS: '5',
    TIWEN_LOOKAHEAD_MS: '100',
    TIWEN_RETRY_BUSY: '0',
    TIWEN_RETRY_NO_ANSWER: '0',
    TIWEN_RETRY_VOICEMAIL: '0',
    TIWEN_RETRY_ERROR_BASE: '0',
    TIWEN_RING_TIMEOUT: '30',
  };
}

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

/** Starts `tiwen serve` (HTTP and dialer) against the simulator process; resolves once /healthz answers. */
export async function startServe(o: { databaseUrl: string; sim: SimProcess; port: number; env: Record<string, string> }): Promise<ServeProcess> {
  const url = `http://127.0.0.1:${o.port}`;
  const child = spawn(process.execPath, [path.join(packageRoot(), 'dist', 'cli', 'main.js'), 'serve'], {
    env: {
      ...process.env,
      DATABASE_URL: o.databaseUrl,
      TWILIO_ACCOUNT_SID: o.sim.accountSid,
      TWILIO_AUTH_TOKEN: o.sim.authToken,
      TWILIO_FROM: '+862700000000',
      TWILIO_API_BASE_URL: o.sim.url,
      PUBLIC_BASE_URL: url,
      PORT: String(o.port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      ...o.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout!.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`tiwen serve exited ${child.exitCode}: ${err}`);
      return (await fetch(`${url}/healthz`).catch(() => null))?.ok;
    },
    'tiwen serve to answer /healthz',
    30_000,
  );
  return { child, url, exited, stderr: () => err };
}

export function readCallLog(file: string): CallLogRecord[] {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as CallLogRecord);
}

/** Most events in any one-second window [t, t + 1 s). */
export function busiestSecond(times: number[]): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[i]! - t[j]! >= 1000) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

/** Most intervals open at once. */
export function mostAtOnce(intervals: Array<[number, number]>): number {
  const events = intervals.flatMap(([a, b]) => [[a, 1] as const, [b, -1] as const]).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let open = 0;
  let best = 0;
  for (const [, d] of events) best = Math.max(best, (open += d));
  return best;
}

/** A conversation that reached our closing words (not the outage apology): the household is screened. */
function conversationCompleted(r: CallLogRecord): boolean {
  return r.status === 'completed' && r.closing !== null && !r.closing.includes(DEFAULT_ERROR_TEXT);
}

export interface Figures {
  scenario: string;
  households: number;
  /** Attempts the database recorded (dials asked of the carrier, lost ones included). */
  attempts: number;
  /** Calls the carrier placed. */
  carrierCalls: number;
  /** Households without a final outcome. */
  lost: number;
  /** Pairs of calls to one number that were live at the same time. */
  doubleCalls: number;
  /** Calls placed to a number after a conversation with it had reached its closing words. */
  calledAgainAfterDone: number;
  /** Households whose outcome or temperature differs from what the resident said. */
  wrongResults: string[];
  /** Busiest one-second window of call creation at the carrier, and the cap. */
  maxCps: number;
  cps: number;
  /** Most calls live at the carrier at once (created to ended), and the lines cap. */
  maxLines: number;
  lines: number;
  [extra: string]: unknown;
}

/** Everything the suite asserts, measured from the carrier's call log and the database. */
export async function measure(o: { scenario: string; pool: pg.Pool; roundId: number; callLog: string; cps: number; lines: number }): Promise<Figures> {
  const log = readCallLog(o.callLog);
  const calls = await o.pool.query<{ phone: string; status: string; outcome: string | null; temperature_c: number | null; last_status: string | null; last_temperature_c: number | null }>(
    `SELECT res.phone, c.status, c.outcome, c.temperature_c, res.last_status, res.last_temperature_c
       FROM calls c JOIN residents res ON res.id = c.resident_id WHERE c.round_id = $1`,
    [o.roundId],
  );
  const attempts = await o.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM attempts a JOIN calls c ON c.id = a.call_id WHERE c.round_id = $1`, [o.roundId]);
  const byNumber = new Map<string, CallLogRecord[]>();
  for (const r of log) byNumber.set(r.to, [...(byNumber.get(r.to) ?? []), r]);
  let doubleCalls = 0;
  let calledAgainAfterDone = 0;
  for (const list of byNumber.values()) {
    list.sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at));
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        if (Date.parse(list[j]!.created_at) < Date.parse(list[i]!.ended_at)) doubleCalls++;
      }
      if (conversationCompleted(list[i]!) && i < list.length - 1) calledAgainAfterDone++;
    }
  }
  const wrongResults: string[] = [];
  for (const c of calls.rows) {
    const heard = (byNumber.get(c.phone) ?? []).filter(conversationCompleted);
    const last = heard[heard.length - 1];
    const expected = last?.persona ? EXPECTED[last.persona] : undefined;
    // The register says what the round found.
    if (c.status === 'done' && (c.last_status !== c.outcome || (c.last_temperature_c ?? null) !== (c.temperature_c ?? null))) {
      wrongResults.push(`${c.phone}: register ${c.last_status}/${c.last_temperature_c} vs call ${c.outcome}/${c.temperature_c}`);
    }
    if (expected && (c.outcome !== expected.outcome || c.temperature_c !== expected.temperature)) {
      wrongResults.push(`${c.phone}: said ${last!.persona}, recorded ${c.outcome}/${c.temperature_c}`);
    }
    // A fever heard in any finished conversation must never be lost.
    if (heard.some((h) => h.persona === 'fever' || h.persona === 'keypad') && c.outcome !== 'fever') wrongResults.push(`${c.phone}: a fever was said, recorded ${c.outcome}`);
  }
  return {
    scenario: o.scenario,
    households: calls.rows.length,
    attempts: attempts.rows[0]!.n,
    carrierCalls: log.length,
    lost: calls.rows.filter((c) => c.status !== 'done').length,
    doubleCalls,
    calledAgainAfterDone,
    wrongResults,
    maxCps: busiestSecond(log.map((r) => Date.parse(r.created_at))),
    cps: o.cps,
    maxLines: mostAtOnce(log.map((r) => [Date.parse(r.created_at), Date.parse(r.ended_at)])),
    lines: o.lines,
  };
}

/** The checks every scenario makes. */
export function expectSound(f: Figures): void {
  expect({ lost: f.lost, doubleCalls: f.doubleCalls, calledAgainAfterDone: f.calledAgainAfterDone, wrongResults: f.wrongResults }).toEqual({ lost: 0, doubleCalls: 0, calledAgainAfterDone: 0, wrongResults: [] });
  expect(f.maxCps).toBeLessThanOrEqual(f.cps);
  expect(f.maxLines).toBeLessThanOrEqual(f.lines);
  expect(f.carrierCalls).toBeGreaterThanOrEqual(f.households);
}

/** Appends the scenario's figures to TIWEN_FAULT_FIGURES (a JSONL file) when set: the suite's report. */
export function report(f: Figures): void {
  if (process.env.TIWEN_FAULT_FIGURES) appendFileSync(process.env.TIWEN_FAULT_FIGURES, JSON.stringify(f) + '\n');
}

/** A register of `n` households in the +86 17x test block. */
export function registerCsv(n: number, prefix: string): string {
  return ['姓名,电话', ...Array.from({ length: n }, (_, i) => `住户${i},${prefix}${String(i).padStart(4, '0')}`)].join('\n');
}
