import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { importResidents } from '../../app/importResidents.js';
import { createRound, roundStatus } from '../../app/rounds.js';
import { DEMO_COMMUNITY, demoRegisterCsv } from '../../app/demo/register.js';
import { printStatus, statusJson } from './round.js';
import { wholeNumber } from '../options.js';
import type { RegisterCommand } from './index.js';

export const registerStart: RegisterCommand = (program, ctx) => {
  program
    .command('start')
    .description('the main job (npm start): database, demo register, a screening round, its status')
    .option('--residents <n>', 'households in the demo community', wholeNumber('--residents', 1, 1_000_000), 10_000)
    .option('--json', 'print the round status as JSON')
    .action(async (opts: { residents: number; json?: boolean }) => {
      const config = ctx.config();
      const { pool } = await ctx.db();
      const dir = path.resolve(config.dataDir);
      mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `demo-register-${opts.residents}.csv`);
      writeFileSync(file, demoRegisterCsv(opts.residents));
      const report = await importResidents(pool, { file, community: DEMO_COMMUNITY, skipInvalid: false, timezone: config.round.defaultTimezone });
      ctx.print(`demo register ${DEMO_COMMUNITY}: ${report.imported} new, ${report.updated} updated, ${report.unchanged} unchanged households`);
      const round = await createRound(pool, config, { community: DEMO_COMMUNITY, window: '00:00-24:00' });
      const status = await roundStatus(pool, round.id);
      if (opts.json) ctx.printJson(statusJson(status));
      else printStatus(ctx, status);
    });
};
