/**
 * The composition root: wires configuration, database, carrier, dialogue, HTTP
 * server and dialer together for `serve`, `dialer`, `demo` and `bench`.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type pg from 'pg';
import type { Config } from '../config.js';
import { recordingsOn, usesTwilio } from '../config.js';
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
import { setupSpeech, type SpeechOverrides } from './speech.js';
import { createMetrics } from '../http/metrics.js';
import type { PromptAudio } from './promptAudio.js';
import { purgeRecordings, recordingPlayer, type PlayRecording } from './recordings.js';
import { createRecordingStore, type RecordingStore } from '../adapters/telephony/twilio/recordings.js';
import { toError } from '../errors.js';

/** The built-in simulator's account (its defaults, see simulator/README.md). */
export const SIMULATOR_ACCOUNT_SID = 'AC' + '0'.repeat(32);
export const SIMULATOR_AUTH_TOKEN = 'simulator-auth-token';

/** Caller id shown on calls through the built-in simulator (no real number is used). */
export const SIMULATOR_CALLER_ID = '+862700000000';

export interface Carrier {
  telephony: Telephony;
  /** Account the recordings belong to (fetched with its credentials). */
  accountSid: string;
  /** Where twilio.com requests go instead (TWILIO_API_BASE_URL, the simulator). */
  apiBaseUrl?: string;
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
    return { telephony, accountSid: t.accountSid!, ...(t.apiBaseUrl ? { apiBaseUrl: t.apiBaseUrl } : {}), authToken: t.authToken!, from: t.from!, close: async () => telephony.close() };
  }
  const simulator = await startSimulator({ scenario: o.scenario ?? defaultScenario(), ...(o.callLogPath ? { callLogPath: o.callLogPath } : {}) });
  const telephony = createTwilioTelephony({ accountSid: simulator.accountSid, authToken: simulator.authToken, apiBaseUrl: simulator.url, logger });
  logger.info('using the built-in carrier simulator', { url: simulator.url });
  return {
    telephony,
    accountSid: simulator.accountSid,
    apiBaseUrl: simulator.url,
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
  /** Prompt audio, when TIWEN_TTS=google. */
  promptAudio: PromptAudio | undefined;
  /** A turn's recording for staff (audited); for the console's `/recordings/:turnId`. Needs `carrier`. */
  playRecording: PlayRecording | undefined;
  close(): Promise<void>;
}

/** Starts the HTTP server (webhooks, page, API, health, metrics). */
export async function startServer(o: {
  config: Config;
  logger: Logger;
  pool: pg.Pool;
  authToken: string;
  port?: number;
  host?: string;
  /** The carrier: its account fetches recordings, its telephony hangs up on machines. */
  carrier?: Pick<Carrier, 'accountSid' | 'apiBaseUrl' | 'telephony'>;
  /** Speech services instead of the Google clients the settings describe (tests). */
  speech?: SpeechOverrides;
  /** A turn's recording for the console instead of the carrier's (tests). */
  recordings?: PlayRecording;
}): Promise<Server> {
  const prompts = loadPrompts();
  let onRound: ((officeName: string) => void) | undefined;
  const callEvents = new CallEvents({
    pool: o.pool,
    config: o.config,
    logger: o.logger,
    prompts,
    keepRecordings: recordingsOn(o.config),
    onRound: (office) => onRound?.(office),
  });
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
  const metrics = createMetrics();
  const speech = setupSpeech({ config: o.config, logger: o.logger, prompts, publicBaseUrl, metrics, authToken: o.authToken, ...(o.carrier ? { carrier: o.carrier } : {}), ...(o.speech ? { overrides: o.speech } : {}) });
  const promptAudio = speech.promptAudio;
  const playRecording = o.carrier ? recordingPlayer({ pool: o.pool, recordings: recordingStoreFor(o.carrier, o.authToken) }) : undefined;
  const recordings: PlayRecording | undefined = o.recordings ?? playRecording;
  if (promptAudio) onRound = (office) => void promptAudio.warm(office);
  const handler = createHttpHandler({
    pool: o.pool,
    callEvents,
    logger: o.logger,
    authToken: o.authToken,
    publicBaseUrl,
    language: o.config.speech.language,
    voice: o.config.speech.voice,
    config: o.config,
    metrics,
    recordedAnswers: speech.recordedAnswers,
    promptAudio,
    ...(recordings ? { recordings } : {}),
    ...(o.carrier ? { hangup: (sid: string) => o.carrier!.telephony.hangup(sid) } : {}),
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
    promptAudio,
    playRecording,
    // A rolling deploy: stop accepting, let requests in flight finish (the carrier waits for
    // their TwiML), close connections as they fall idle, and cut what is left after the grace.
    close: async () => {
      await new Promise<void>((resolve) => {
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
      });
      await speech.close();
    },
  };
}

/** The carrier's recordings, with the account's credentials. */
export function recordingStoreFor(carrier: Pick<Carrier, 'accountSid' | 'apiBaseUrl'>, authToken: string): RecordingStore {
  return createRecordingStore({ accountSid: carrier.accountSid, authToken, ...(carrier.apiBaseUrl ? { apiBaseUrl: carrier.apiBaseUrl } : {}) });
}

/** How often `tiwen serve` runs the recordings retention job. */
const RETENTION_EVERY_MS = 24 * 3600_000;

/** Runs the recordings retention job now and then daily; returns a stop function. */
export function startRetention(o: { config: Config; logger: Logger; pool: pg.Pool; recordings: RecordingStore }): () => void {
  const days = o.config.speech.recordingRetentionDays;
  if (days <= 0) return () => undefined;
  let running: Promise<void> | undefined;
  const run = () => {
    running ??= purgeRecordings({ pool: o.pool, recordings: o.recordings, retentionDays: days, logger: o.logger })
      .then((r) => {
        if (r.deleted + r.failed > 0) o.logger.info('recordings retention', { ...r });
      })
      .catch((err: unknown) => void o.logger.error('recordings retention failed', { error: toError(err).message }))
      .finally(() => (running = undefined));
  };
  run();
  const timer = setInterval(run, RETENTION_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
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
    urls: { answer: urls.answer, status: urls.status, amd: urls.amd, fallback: urls.fallback, recorded: urls.recorded },
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
