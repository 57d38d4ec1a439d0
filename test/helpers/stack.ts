/** Our side of an end-to-end round: the HTTP server and a dialer on a carrier, started together and stopped in order. */
import type pg from 'pg';
import type { Config } from '../../src/config.js';
import type { Logger } from '../../src/log.js';
import type { Dialer } from '../../src/app/dialer.js';
import { createDialer, startServer, type Carrier, type Server } from '../../src/app/runtime.js';

export interface Stack {
  server: Server;
  dialer: Dialer;
  /** Stops the dialer, then the server, then the carrier. */
  close(): Promise<void>;
}

export async function startStack(o: {
  config: Config;
  logger: Logger;
  pool: pg.Pool;
  carrier: Carrier;
  /** What the server is given besides the basics (the carrier for recordings and hang-ups, speech overrides). */
  server?: Pick<Parameters<typeof startServer>[0], 'carrier' | 'speech'>;
}): Promise<Stack> {
  const { config, logger, pool, carrier } = o;
  const server = await startServer({ config, logger, pool, authToken: carrier.authToken, port: 0, host: '127.0.0.1', ...o.server });
  const dialer = createDialer({ config, logger, pool, carrier, callEvents: server.callEvents, publicBaseUrl: server.publicBaseUrl });
  await dialer.start();
  return {
    server,
    dialer,
    close: async () => {
      await dialer.stop();
      await server.close();
      await carrier.close();
    },
  };
}
