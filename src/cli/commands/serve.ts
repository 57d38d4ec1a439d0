import { createDialer, recordingStoreFor, requireScaleOutSettings, setupCarrier, startRetention, startServer, untilSignal } from '../../app/runtime.js';
import type { Dialer } from '../../app/dialer.js';
import { CallEvents } from '../../app/callEvents.js';
import { loadPrompts } from '../../app/prompts.js';
import { loadScenario } from '../../adapters/telephony/simulator/index.js';
import { staffList } from '../../app/accounts.js';
import type { RegisterCommand } from './index.js';

export const registerServe: RegisterCommand = (program, ctx) => {
  program
    .command('serve')
    .description('HTTP server (carrier webhooks, web page, API, /healthz, /metrics) and a dialer')
    .option('--no-dialer', 'serve HTTP only (run `tiwen dialer` processes separately)')
    .option('--scenario <file>', 'without Twilio settings: scenario of the built-in simulator')
    .action(async (opts: { dialer: boolean; scenario?: string }) => {
      const config = ctx.config();
      const logger = ctx.logger();
      const { pool } = await ctx.db();
      const carrier = await setupCarrier(config, logger, opts.scenario ? { scenario: loadScenario(opts.scenario) } : {});
      ctx.onClose(() => carrier.close());
      const server = await startServer({ config, logger, pool, authToken: carrier.authToken, carrier });
      ctx.onClose(() => server.close());
      ctx.onClose(startRetention({ config, logger, pool, recordings: recordingStoreFor(carrier, carrier.authToken) }));
      let dialer: Dialer | undefined;
      if (opts.dialer) {
        dialer = createDialer({ config, logger, pool, carrier, callEvents: server.callEvents, publicBaseUrl: server.publicBaseUrl });
        await dialer.start();
        ctx.onClose(() => dialer!.stop());
      }
      logger.info('tiwen serve ready', { url: server.url, publicBaseUrl: server.publicBaseUrl, carrier: carrier.simulator ? 'simulator' : 'twilio', dialer: Boolean(dialer) });
      ctx.print(`listening on ${server.url} (carrier: ${carrier.simulator ? 'built-in simulator' : 'Twilio'}${dialer ? ', dialer on' : ''})`);
      // The console needs an account; say how to make the first one.
      if (!(await staffList(pool)).some((a) => a.role === 'admin' && !a.disabled)) {
        ctx.print('no administrator account yet: printf %s "$PW" | tiwen staff add --username NAME --role admin --password-stdin');
      }
      await untilSignal();
    });

  program
    .command('dialer')
    .description('a dialer process only (scale-out): claims and places calls; webhooks go to PUBLIC_BASE_URL')
    .action(async () => {
      const config = ctx.config();
      requireScaleOutSettings(config);
      const logger = ctx.logger();
      const { pool } = await ctx.db();
      const carrier = await setupCarrier(config, logger);
      ctx.onClose(() => carrier.close());
      // Webhooks go to `tiwen serve`; this process's CallEvents only ends calls it reconciles.
      const callEvents = new CallEvents({ pool, config, logger, prompts: loadPrompts(), rememberClaims: false });
      const dialer = createDialer({ config, logger, pool, carrier, callEvents, publicBaseUrl: config.http.publicBaseUrl! });
      await dialer.start();
      ctx.onClose(() => dialer.stop());
      ctx.print(`dialer ${dialer.id} running; webhooks at ${config.http.publicBaseUrl}`);
      await untilSignal();
    });
};
