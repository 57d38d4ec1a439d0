import { usesTwilio } from '../../config.js';
import { toError } from '../../errors.js';
import { openDatabase, type Database } from '../../adapters/store/postgres/database.js';
import { createTwilioTelephony } from '../../adapters/telephony/twilio/client.js';
import { runDoctor } from '../../app/doctor.js';
import type { RegisterCommand } from './index.js';

export const registerDoctor: RegisterCommand = (program, ctx) => {
  program
    .command('doctor')
    .description('check that calls can be made: database reachable and migrated, carrier credentials, public base URL, clock')
    .option('--json', 'print the checklist as JSON')
    .action(async (opts: { json?: boolean }) => {
      const config = ctx.config();
      const logger = ctx.logger();
      // Opened without migrating: whether migrations are pending is one of the checks.
      const db: Database | Error = await openDatabase(config, logger, { migrate: false, poolSize: 2 }).catch((err: unknown) => toError(err));
      if (!(db instanceof Error)) ctx.onClose(() => db.close());
      const t = config.twilio;
      const telephony = usesTwilio(config) ? createTwilioTelephony({ accountSid: t.accountSid!, authToken: t.authToken!, ...(t.apiBaseUrl ? { apiBaseUrl: t.apiBaseUrl } : {}), maxRetries: 0 }) : undefined;
      if (telephony) ctx.onClose(() => telephony.close());
      const report = await runDoctor({
        config,
        pool: db instanceof Error ? db : db.pool,
        ...(telephony ? { telephony } : {}),
        publicBaseUrl: config.http.publicBaseUrl ?? `http://127.0.0.1:${config.http.port}`,
      });
      ctx.exitCode = report.ok ? 0 : 1;
      if (opts.json) {
        ctx.printJson(report);
        return;
      }
      for (const c of report.checks) {
        ctx.print(`${c.ok ? '✓' : '✗'} ${c.name}: ${c.detail}`);
        if (!c.ok && c.fix) ctx.print(`    fix: ${c.fix}`);
      }
      ctx.print(report.ok ? 'ready to call' : `${report.checks.filter((c) => !c.ok).length} check(s) failed`);
    });
};
