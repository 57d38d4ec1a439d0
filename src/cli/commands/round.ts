import { changeRound, createRound, roundList, roundStatus, type RoundStatusView } from '../../app/rounds.js';
import type { RoundCommand } from '../../core/policy/roundLifecycle.js';
import { collect, positiveNumber, roundId, wholeNumber } from '../options.js';
import type { CliContext } from '../context.js';
import type { RegisterCommand } from './index.js';

/** The `round status --json` object. */
export function statusJson(s: RoundStatusView) {
  return { id: s.id, status: s.status, households: s.households, calls: s.calls, outcomes: s.outcomes };
}

export function printStatus(ctx: CliContext, s: RoundStatusView): void {
  const calls = Object.entries(s.calls).map(([k, v]) => `${k} ${v}`).join(', ');
  const outcomes = Object.entries(s.outcomes).map(([k, v]) => `${k} ${v}`).join(', ');
  ctx.print(`round ${s.id} (${s.community}) ${s.status}: ${s.households} households, window ${s.window}, ${s.cps} calls/s, ${s.lines} lines`);
  ctx.print(`  calls:     ${calls}`);
  ctx.print(`  outcomes:  ${outcomes}`);
  ctx.print(`  attempts ${s.attempts}, follow-ups ${s.followUps}`);
}

export const registerRound: RegisterCommand = (program, ctx) => {
  const round = program.command('round').description('screening rounds (一轮筛查)');
  round
    .command('create')
    .description('create a round: one call per dialable household of the community')
    .requiredOption('--community <name>', 'the community to screen')
    .option('--grid <name>', 'only these grids (网格); repeat or separate with commas', collect)
    .option('--window <HH:MM-HH:MM>', 'calling window, local time of the community')
    .option('--max-attempts <n>', 'dial attempts per household before it is unreachable', wholeNumber('--max-attempts', 1, 10))
    .option('--cps <n>', 'calls per second cap for this round', positiveNumber('--cps', 1000))
    .option('--lines <n>', 'simultaneous calls cap for this round', wholeNumber('--lines', 1, 100000))
    .option('--json', 'print the round as JSON')
    .action(async (opts: { community: string; grid?: string[]; window?: string; maxAttempts?: number; cps?: number; lines?: number; json?: boolean }) => {
      const { pool } = await ctx.db();
      const r = await createRound(pool, ctx.config(), {
        community: opts.community,
        grids: opts.grid ?? [],
        window: opts.window,
        maxAttempts: opts.maxAttempts,
        cps: opts.cps,
        lines: opts.lines,
      });
      if (opts.json) ctx.printJson(r);
      else ctx.print(`created round ${r.id}: ${r.households} households of ${r.community}, window ${r.window}, ${r.cps} calls/s, ${r.lines} lines. Start it with: tiwen round start ${r.id}`);
    });

  for (const command of ['start', 'pause', 'resume', 'cancel'] as RoundCommand[]) {
    round
      .command(command)
      .description(`${command} a round`)
      .argument('<id>', 'round id', roundId)
      .option('--json', 'print the round as JSON')
      .action(async (id: number, opts: { json?: boolean }) => {
        const { pool } = await ctx.db();
        const r = await changeRound(pool, id, command);
        if (opts.json) ctx.printJson(r);
        else ctx.print(`round ${r.id} is now ${r.status}${r.cancelledCalls !== undefined ? ` (${r.cancelledCalls} calls not placed)` : ''}`);
      });
  }

  round
    .command('status')
    .description('where a round stands')
    .argument('<id>', 'round id', roundId)
    .option('--json', 'print as JSON')
    .action(async (id: number, opts: { json?: boolean }) => {
      const { pool } = await ctx.db();
      const s = await roundStatus(pool, id);
      if (opts.json) ctx.printJson(statusJson(s));
      else printStatus(ctx, s);
    });

  round
    .command('list')
    .description('the latest rounds')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => {
      const { pool } = await ctx.db();
      const rounds = await roundList(pool);
      if (opts.json) {
        ctx.printJson({ rounds });
        return;
      }
      if (rounds.length === 0) ctx.print('no rounds yet: tiwen round create --community NAME');
      for (const r of rounds) ctx.print(`${String(r.id).padStart(5)}  ${r.status.padEnd(9)}  ${r.community}  ${r.households} households  window ${r.window}  created ${r.createdAt}`);
    });
};
