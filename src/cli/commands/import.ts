import { importResidents } from '../../app/importResidents.js';
import type { RegisterCommand } from './index.js';

export const registerImport: RegisterCommand = (program, ctx) => {
  program
    .command('import')
    .description('import a resident register (CSV, UTF-8 or GBK) into a community')
    .argument('<file>', 'CSV file with columns 姓名,电话,楼栋,单元,房号,网格,免打扰 (or name,phone,building,unit,room,grid,do_not_call)')
    .requiredOption('--community <name>', 'community (社区) the register belongs to; created on first import')
    .option('--skip-invalid', 'import the valid rows even if some rows are invalid')
    .option('--json', 'print the result as one JSON object')
    .action(async (file: string, opts: { community: string; skipInvalid?: boolean; json?: boolean }) => {
      const { pool } = await ctx.db();
      const report = await importResidents(pool, {
        file,
        community: opts.community,
        skipInvalid: Boolean(opts.skipInvalid),
        timezone: ctx.config().round.defaultTimezone,
      });
      const summary = {
        imported: report.imported,
        updated: report.updated,
        unchanged: report.unchanged,
        invalid: report.invalid,
        errors: report.errors,
      };
      if (!opts.json) {
        for (const e of report.errors) ctx.print(`line ${e.line}, column ${e.column}: ${e.reason}`);
        if (report.committed) {
          ctx.print(
            `${opts.community}: ${report.imported} new, ${report.updated} updated, ${report.unchanged} unchanged` +
              `${report.merged ? `, ${report.merged} duplicate rows merged` : ''}${report.invalid ? `, ${report.invalid} invalid rows skipped` : ''}` +
              ` (file read as ${report.encoding})${report.communityCreated ? ' — community created' : ''}`,
          );
        } else {
          ctx.print(`nothing imported: ${report.invalid} invalid row${report.invalid === 1 ? '' : 's'}. Fix them, or pass --skip-invalid to import the valid rows.`);
        }
      } else {
        ctx.printJson(summary);
      }
      if (!report.committed) ctx.exitCode = 1;
    });
};
