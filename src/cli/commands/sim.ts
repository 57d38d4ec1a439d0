/**
 * `tiwen sim`: the built-in Twilio-compatible carrier simulator as its own server, for
 * load tests and staging. Runs until SIGINT/SIGTERM.
 */
import { InputError } from '../../errors.js';
import { defaultScenario, loadScenario, startSimulator } from '../../adapters/telephony/simulator/index.js';
import type { RegisterCommand } from './index.js';

interface SimOptions {
  port: string;
  host: string;
  scenario?: string;
  callLog?: string;
  accountSid?: string;
  authToken?: string;
  json?: boolean;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InputError(`--port must be a number from 0 to 65535, not "${value}"`, 'use --port 0 for a free port');
  return port;
}

export const registerSim: RegisterCommand = (program, ctx) => {
  program
    .command('sim')
    .description('run the built-in Twilio-compatible carrier simulator (also a Google-compatible speech endpoint) until interrupted')
    .option('--port <port>', 'port to listen on (0 = a free port)', '0')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--scenario <file>', 'scenario JSON file (default: config/scenarios/demo.json)')
    .option('--call-log <file>', 'append one JSON line per ended call to this file')
    .option('--account-sid <sid>', 'account sid the simulator accepts (default AC + 32 zeros)')
    .option('--auth-token <token>', 'auth token the simulator accepts and signs webhooks with')
    .option('--json', 'print the listening address as a JSON line')
    .action(async (opts: SimOptions) => {
      const port = parsePort(opts.port);
      if (opts.accountSid !== undefined && !/^AC[0-9a-fA-F]{32}$/.test(opts.accountSid)) {
        throw new InputError(`--account-sid must look like AC followed by 32 hex digits, not "${opts.accountSid}"`);
      }
      const scenario = opts.scenario ? loadScenario(opts.scenario) : defaultScenario();
      let log: ReturnType<typeof ctx.logger> | undefined;
      const sim = await startSimulator({
        port,
        host: opts.host,
        scenario,
        ...(opts.callLog ? { callLogPath: opts.callLog } : {}),
        ...(opts.accountSid ? { accountSid: opts.accountSid } : {}),
        ...(opts.authToken ? { authToken: opts.authToken } : {}),
        onEvent: (e) => {
          if (e.type === 'webhook.error') (log ??= ctx.logger()).warn('simulator: webhook error', { sid: e.sid, error: e.message });
        },
      });
      ctx.onClose(() => sim.close());
      if (opts.json) ctx.printJson({ url: sim.url, accountSid: sim.accountSid });
      else ctx.print(`carrier simulator listening on ${sim.url} (account ${sim.accountSid}); stats at ${sim.url}/_sim/stats; Ctrl-C to stop`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
};
