/**
 * The composition root: wires configuration, database, carrier, dialogue, HTTP
 * server and dialer together for `serve`, `dialer`, `demo` and `bench`.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type pg from 'pg';
import type { Config } from '../config.js';
import { usesTwilio } from '../config.js';
import { InputError, UnavailableError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Telephony } from '../ports/telephony.js';
import { createTwilioTelephony } from '../adapters/telephony/twilio/client.js';
import { defaultScenario, startSimulator, type Scenario, type Simulator } from '../adapters/telephony/simulator/index.js';
import { createHttpHandler } from '../http/app.js';
import { webhookUrls } from '../http/webhooks.js';
import { CallEvents } from './callEvents.js';
import { Dialer } from './dialer.js';
import { loadPrompts } from './prompts.js';

/** Caller id shown on calls through the built-in simulator (no real number is used). */
export const SIMULATOR_CALLER_ID = '+862700000000';

export interface Carrier {
  telephony: Telephony;
  /** Key that signs webhooks. */
  authToken: string;
  /** Caller id. */
  from: string;
  /** Present when calls go to the built-in simulator. */
  simulator?: Simulator;
  close(): Promise<void>;
}

/**
 * Twilio when configured (and not `forceSimulator`), else the built-in simulator in
 * this process. Either way calls are placed with the official twilio SDK: for the
 * simulator its REST requests are redirected through the SDK's httpClient hook.
 */
export async function setupCarrier(config: Config, logger: Logger, o: { forceSimulator?: boolean; scenario?: Scenario; callLogPath?: string } = {}): Promise<Carrier> {
  if (usesTwilio(config) && !o.forceSimulator) {
    const t = config.twilio;
    const telephony = createTwilioTelephony({ accountSid: t.accountSid!, authToken: t.authToken!, ...(t.apiBaseUrl ? { apiBaseUrl: t.apiBaseUrl } : {}), logger });
    return { telephony, authToken: t.authToken!, from: t.from!, close: async () => telephony.close() };
  }
  const simulator = await startSimulator({ scenario: o.scenario ?? defaultScenario(), ...(o.callLogPath ? { callLogPath: o.callLogPath } : {}) });
  const telephony = createTwilioTelephony({ accountSid: simulator.accountSid, authToken: simulator.authToken, apiBaseUrl: simulator.url, logger });
  logger.info('using the built-in carrier simulator', { url: simulator.url });
  return {
    telephony,
    authToken: simulator.authToken,
    from: SIMULATOR_CALLER_ID,
    simulator,
    close: async () => {
      telephony.close();
      await simulator.close();
    },
  };
}

/** How long requests in flight may take to finish when the server closes (a webhook takes milliseconds). */
const SHUTDOWN_GRACE_MS = 5000;

export interface Server {
  /** Where the server listens, e.g. http://127.0.0.1:3000. */
  url: string;
  /** Where the carrier reaches it (PUBLIC_BASE_URL, or `url`). */
  publicBaseUrl: string;
  callEvents: CallEvents;
  close(): Promise<void>;
}

/** Starts the HTTP server (webhooks, page, API, health, metrics). */
export async function startServer(o: { config: Config; logger: Logger; pool: pg.Pool; authToken: string; port?: number; host?: string }): Promise<Server> {
  const callEvents = new CallEvents({ pool: o.pool, config: o.config, logger: o.logger, prompts: loadPrompts() });
  const port = o.port ?? o.config.http.port;
  const host = o.host ?? o.config.http.host;
  // The public URL must be known before the app is built (signatures are checked against it).
  let publicBaseUrl = o.config.http.publicBaseUrl ?? '';
  const server = http.createServer();
  // Webhooks arrive over many keep-alive connections from the carrier.
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new UnavailableError(`Port ${port} is already in use.`, 'Stop the other program or choose another port with PORT=…')
          : err,
      ),
    );
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  const url = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${actual}`;
  publicBaseUrl ||= url;
  const handler = createHttpHandler({
    pool: o.pool,
    callEvents,
    logger: o.logger,
    authToken: o.authToken,
    publicBaseUrl,
    language: o.config.speech.language,
    voice: o.config.speech.voice,
  });
  server.on('request', handler);
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return {
    url,
    publicBaseUrl,
    callEvents,
    // A rolling deploy: stop accepting, let requests in flight finish (the carrier waits for
    // their TwiML), close connections as they fall idle, and cut what is left after the grace.
    close: () =>
      new Promise<void>((resolve) => {
        const idle = setInterval(() => server.closeIdleConnections(), 20);
        const grace = setTimeout(() => {
          for (const s of sockets) s.destroy();
        }, SHUTDOWN_GRACE_MS);
        server.close(() => {
          clearInterval(idle);
          clearTimeout(grace);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}

/** A dialer whose callbacks point at `publicBaseUrl`. */
export function createDialer(o: { config: Config; logger: Logger; pool: pg.Pool; carrier: Pick<Carrier, 'telephony' | 'from'>; callEvents: CallEvents; publicBaseUrl: string }): Dialer {
  const urls = webhookUrls(o.publicBaseUrl);
  return new Dialer({
    pool: o.pool,
    telephony: o.carrier.telephony,
    callEvents: o.callEvents,
    config: o.config,
    logger: o.logger,
    urls: { answer: urls.answer, status: urls.status },
    from: o.carrier.from,
  });
}

/** Checks that a stand-alone dialer has a carrier and knows where webhooks are served. */
export function requireScaleOutSettings(config: Config): void {
  if (!usesTwilio(config)) {
    throw new InputError(
      'tiwen dialer needs a carrier account: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM are not set.',
      'Set them (with TWILIO_API_BASE_URL pointing at a `tiwen sim` to dial the simulator), or run `tiwen serve`, which includes a dialer.',
    );
  }
  if (!config.http.publicBaseUrl) {
    throw new InputError('tiwen dialer needs PUBLIC_BASE_URL: the address where `tiwen serve` receives the carrier\'s webhooks.', 'Set PUBLIC_BASE_URL, e.g. https://tiwen.example.org');
  }
}

/** Resolves on the first SIGINT or SIGTERM. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (sig: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(sig);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}
