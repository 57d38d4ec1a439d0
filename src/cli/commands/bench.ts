import { InvalidArgumentError } from 'commander';
import { runBench, type BenchPart } from '../../app/bench/runBench.js';
import { createScratchDatabase } from '../../adapters/store/postgres/database.js';

const PARTS: readonly BenchPart[] = ['pacing', 'ceiling', 'round', 'memory', 'classifier'];

function parseParts(value: string): BenchPart[] {
  const parts = value.split(',').map((p) => p.trim());
  const bad = parts.filter((p) => !PARTS.includes(p as BenchPart));
  if (bad.length) throw new InvalidArgumentError(`unknown part ${bad.join(', ')}; choose from ${PARTS.join(', ')}`);
  return parts as BenchPart[];
}
import type { RegisterCommand } from './index.js';

export const registerBench: RegisterCommand = (program, ctx) => {
  program
    .command('bench')
    .description('benchmark: pacing fidelity, software ceiling, round time, memory (simulator in its own process), classifier speed')
    .option('--quick', 'smaller rounds (about a minute)')
    .option('--only <parts>', 'comma-separated parts to run: pacing, ceiling, round, memory, classifier', (v: string) => parseParts(v))
    .option('--json', 'print the figures as one JSON object')
    .action(async (opts: { quick?: boolean; json?: boolean; only?: BenchPart[] }) => {
      // Its own database on the same server: the benchmark never meets real rounds, and a
      // benchmark that was interrupted leaves nothing behind for the next one.
      const scratch = await createScratchDatabase(await ctx.db(), `tiwen_bench_${process.pid}`);
      ctx.onClose(() => scratch.close());
      const report = await runBench(scratch.pool, ctx.config(), ctx.logger(), { quick: Boolean(opts.quick), ...(opts.only ? { only: opts.only } : {}), onStep: (line) => ctx.print(line) });
      if (opts.json) ctx.printJson(report);
    });
};
