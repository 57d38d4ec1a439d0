/**
 * `tiwen sim`: listens, prints its address as a JSON line, stops on SIGINT.
 */
import { describe, expect, it } from '@jest/globals';
import { Command } from 'commander';
import type { CliContext } from '../../../../src/cli/context.js';
import { registerSim } from '../../../../src/cli/commands/sim.js';
import { scenarioFile } from '../../../../src/adapters/telephony/simulator/index.js';
import { silentLogger } from '../../../../src/log.js';

describe('tiwen sim', () => {
  it('prints {"url","accountSid"} when listening and stops on SIGINT', async () => {
    const printed: unknown[] = [];
    const closers: Array<() => Promise<void> | void> = [];
    const ctx = {
      print: (line: string) => void printed.push(line),
      printJson: (value: unknown) => void printed.push(value),
      logger: () => silentLogger(),
      onClose: (fn: () => Promise<void> | void) => void closers.unshift(fn),
    } as unknown as CliContext;
    const program = new Command('tiwen').exitOverride();
    registerSim(program, ctx);
    const done = program.parseAsync(['node', 'tiwen', 'sim', '--port', '0', '--json', '--scenario', scenarioFile('bench'), '--auth-token', 'tok']);
    const deadline = Date.now() + 10_000;
    while (!printed.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    const out = printed[0] as { url: string; accountSid: string };
    expect(out.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(out.accountSid).toBe('AC' + '0'.repeat(32));
    const stats = (await (await fetch(`${out.url}/_sim/stats`)).json()) as { callsCreated: number };
    expect(stats.callsCreated).toBe(0);
    process.emit('SIGINT');
    await done;
    for (const fn of closers) await fn();
    await expect(fetch(`${out.url}/_sim/stats`)).rejects.toThrow();
  });

  it('rejects a bad port as an InputError', async () => {
    const program = new Command('tiwen').exitOverride();
    registerSim(program, {} as CliContext);
    await expect(program.parseAsync(['node', 'tiwen', 'sim', '--port', 'x'])).rejects.toMatchObject({ code: 'INPUT' });
  });
});
