import { purgeRecordings } from '../../app/recordings.js';
import { recordingStoreFor, SIMULATOR_ACCOUNT_SID, SIMULATOR_AUTH_TOKEN } from '../../app/runtime.js';
import { usesTwilio } from '../../config.js';
import { InputError } from '../../errors.js';
import type { RegisterCommand } from './index.js';

export const registerRecordings: RegisterCommand = (program, ctx) => {
  const recordings = program.command('recordings').description('answer recordings kept for staff');
  recordings
    .command('purge')
    .description('delete recordings older than the retention period, at the carrier too (tiwen serve also does it daily)')
    .option('--days <n>', 'retention in days (default TIWEN_RECORDING_RETENTION_DAYS)')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { days?: string; json?: boolean }) => {
      const config = ctx.config();
      const days = opts.days === undefined ? config.speech.recordingRetentionDays : Number(opts.days);
      if (!Number.isInteger(days) || days < 1) throw new InputError(`--days ${opts.days ?? ''} is not a whole number of days of at least 1.`, 'Give e.g. --days 30 (0, keep everything, is TIWEN_RECORDING_RETENTION_DAYS=0).');
      const { pool } = await ctx.db();
      const t = config.twilio;
      // Without Twilio settings the recordings are the built-in simulator's, under its fixed account.
      const store = usesTwilio(config)
        ? recordingStoreFor({ accountSid: t.accountSid!, ...(t.apiBaseUrl ? { apiBaseUrl: t.apiBaseUrl } : {}) }, t.authToken!)
        : recordingStoreFor({ accountSid: SIMULATOR_ACCOUNT_SID }, SIMULATOR_AUTH_TOKEN);
      const r = await purgeRecordings({ pool, recordings: store, retentionDays: days, logger: ctx.logger(), actor: 'cli' });
      if (opts.json) ctx.printJson(r);
      else ctx.print(`deleted ${r.deleted} recording(s) older than ${days} days${r.failed ? `; ${r.failed} could not be deleted at the carrier (tried again next time)` : ''}`);
      if (r.failed > 0) ctx.exitCode = 1;
    });
};
