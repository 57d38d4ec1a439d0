/**
 * The carrier simulator in a process of its own (`tiwen sim`), so that the benchmark
 * measures our software with the carrier's work on the other side of a socket.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../util/paths.js';
import type { SimulatorStats } from '../../adapters/telephony/simulator/index.js';

export interface SimProcess {
  url: string;
  accountSid: string;
  authToken: string;
  stats(): Promise<SimulatorStats>;
  /** Starts the simulator's stats over (after a warm-up round). */
  resetStats(): Promise<SimulatorStats>;
  stop(): Promise<void>;
}

export const BENCH_AUTH_TOKEN = 'bench-auth-token';

/** Starts `tiwen sim` with `scenario` (JSON) written to `dir`; resolves once it listens. */
export async function startSimProcess(scenario: object, dir: string, callLog?: string): Promise<SimProcess> {
  const file = path.join(dir, `scenario-${process.pid}-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(scenario));
  const main = path.join(packageRoot(), 'dist', 'cli', 'main.js');
  const args = [main, 'sim', '--port', '0', '--scenario', file, '--auth-token', BENCH_AUTH_TOKEN, '--json', ...(callLog ? ['--call-log', callLog] : [])];
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'warn' } });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const ready = await new Promise<{ url: string; accountSid: string }>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as { url: string; accountSid: string });
    });
    child.on('exit', (code) => reject(new Error(`tiwen sim exited (${code}) before listening: ${stderr.trim()}`)));
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    url: ready.url,
    accountSid: ready.accountSid,
    authToken: BENCH_AUTH_TOKEN,
    stats: async () => (await (await fetch(`${ready.url}/_sim/stats`)).json()) as SimulatorStats,
    resetStats: async () => (await (await fetch(`${ready.url}/_sim/stats/reset`, { method: 'POST' })).json()) as SimulatorStats,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Mean seconds from create to end of the calls in a simulator call log. */
export function meanCallSeconds(callLog: string): number {
  const lines = readFileSync(callLog, 'utf8').split('\n').filter(Boolean);
  let total = 0;
  for (const l of lines) {
    const r = JSON.parse(l) as { created_at: string; ended_at: string };
    total += Date.parse(r.ended_at) - Date.parse(r.created_at);
  }
  return lines.length ? total / lines.length / 1000 : 0;
}
