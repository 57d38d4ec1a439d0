import { runBench } from '../../app/bench/runBench.js';
import type { RegisterCommand } from './index.js';

export const registerBench: RegisterCommand = (program, ctx) => {
  program
    .command('bench')
    .description('benchmark: pacing fidelity, software ceiling, round time, memory (simulator in its own process)')
    .option('--quick', 'smaller rounds (about a minute)')
    .option('--json', 'print the figures as one JSON object')
    .action(async (opts: { quick?: boolean; json?: boolean }) => {
      const { pool } = await ctx.db();
      const report = await runBench(pool, ctx.config(), ctx.logger(), { quick: Boolean(opts.quick), onStep: (line) => ctx.print(line) });
      if (opts.json) ctx.printJson(report);
    });
};
