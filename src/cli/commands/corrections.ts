import { writeFile } from 'node:fs/promises';
import { exportCorrections } from '../../app/corrections.js';
import { InputError } from '../../errors.js';
import { roundId } from '../options.js';
import type { RegisterCommand } from './index.js';

export const registerCorrections: RegisterCommand = (program, ctx) => {
  const corrections = program.command('corrections').description('staff corrections of call results');
  corrections
    .command('export')
    .description('corrections as labelled JSONL (dataset format: text, accept, temperature, symptoms, prompt, original)')
    .option('--community <name>', 'only this community')
    .option('--round <id>', 'only this round', roundId)
    .option('--since <date>', 'only corrections made on or after this day (YYYY-MM-DD, community time)')
    .option('--out <file>', 'write the lines to this file (default: stdout)')
    .option('--json', 'print a summary as JSON (last line)')
    .action(async (o: { community?: string; round?: number; since?: string; out?: string; json?: boolean }) => {
      const { pool } = await ctx.db();
      const r = await exportCorrections(pool, { ...(o.community ? { community: o.community } : {}), ...(o.round ? { roundId: o.round } : {}), ...(o.since ? { since: o.since } : {}) });
      const text = r.lines.map((l) => JSON.stringify(l)).join('\n') + (r.lines.length ? '\n' : '');
      if (o.out) {
        try {
          await writeFile(o.out, text);
        } catch (err) {
          throw new InputError(`Cannot write ${o.out}: ${(err as Error).message}.`, 'Check the folder exists and is writable.');
        }
      } else if (text) {
        ctx.print(text.trimEnd());
      }
      const summary = { corrections: r.corrections, lines: r.lines.length, out: o.out ?? null };
      if (o.json) ctx.printJson(summary);
      else if (o.out) ctx.print(`${r.lines.length} labelled lines from ${r.corrections} corrections written to ${o.out}`);
    });
};
