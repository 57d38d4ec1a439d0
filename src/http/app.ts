/**
 * The HTTP server of `tiwen serve`: carrier webhooks, the staff page and its JSON
 * API, health and metrics. Stateless: any instance can take any webhook.
 */
import type { RequestListener } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import express, { type Express, type Request } from 'express';
import helmet from 'helmet';
import type pg from 'pg';
import type { CallEvents } from '../app/callEvents.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { errorHandler } from './errors.js';
import { createMetrics, registerDatabaseMetrics, type Metrics } from './metrics.js';
import { databaseHealth, type DatabaseHealth } from '../adapters/store/postgres/health.js';
import { staffRouter, type RecordingSource } from './staff/router.js';
import { WEBHOOK_PREFIX, webhookHandler } from './webhooks.js';
import { audioHandler } from './audio.js';
import { AUDIO_PREFIX, type PromptAudio } from '../app/promptAudio.js';
import type { RecordedAnswers } from '../app/recordedAnswers.js';

export interface HttpAppOptions {
  pool: pg.Pool;
  callEvents: CallEvents;
  logger: Logger;
  /** Key that signs the carrier's webhooks (Twilio auth token, or the simulator's). */
  authToken: string;
  /** The URL the carrier uses to reach us; signatures are computed over it. */
  publicBaseUrl: string;
  language: string;
  voice: string;
  metrics?: Metrics;
  /** Settings of the staff console (session secret and length, metrics token, proxies). */
  config: Config;
  /** Streams a turn's recording for the household page (app/recordings.ts). */
  recordings?: RecordingSource;
  /** TIWEN_STT=google: recorded answers. */
  recordedAnswers?: RecordedAnswers | undefined;
  /** TIWEN_TTS=google: prompt audio, played from /audio/. */
  promptAudio?: PromptAudio | undefined;
  /** Hangs a live call up (asynchronous AMD heard a machine). */
  hangup?: (providerCallId: string) => Promise<void>;
}

/**
 * The server's request handler: carrier webhooks on Node's HTTP layer (webhooks.ts),
 * everything else through the Express app.
 */
export function createHttpHandler(o: HttpAppOptions): RequestListener {
  const metrics = o.metrics ?? createMetrics();
  const health = databaseHealth(o.pool, o.logger);
  registerDatabaseMetrics(metrics, health);
  const audio = o.promptAudio;
  const hooks = webhookHandler({ ...o, metrics, health, audioUrl: audio ? (text) => audio.urlFor(text) : undefined });
  const app = createHttpApp({ pool: o.pool, logger: o.logger, metrics, health, config: o.config, ...(o.recordings ? { recordings: o.recordings } : {}) });
  const serveAudio = audio ? audioHandler(audio) : undefined;
  return (req, res) => {
    if (req.url?.startsWith(WEBHOOK_PREFIX)) hooks(req, res);
    else if (serveAudio && req.url?.startsWith(AUDIO_PREFIX)) serveAudio(req, res);
    else app(req, res);
  };
}

function bearerMatches(req: Request, token: string | undefined): boolean {
  const given = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
  if (!token || !given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The staff console (pages and /api, behind a login), health and metrics. */
function createHttpApp(o: { pool: pg.Pool; logger: Logger; metrics: Metrics; health: DatabaseHealth; config: Config; recordings?: RecordingSource }): Express {
  const app = express();
  const { metrics } = o;
  app.disable('x-powered-by');
  if (o.config.console.trustProxy > 0) app.set('trust proxy', o.config.console.trustProxy);
  // Plain HTTP on an office LAN is common: do not ask browsers to upgrade to HTTPS.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null, 'media-src': ["'self'"] } }, strictTransportSecurity: false,
    // Forms go back to the page they were sent from: the Referer is needed, within the site only.
    referrerPolicy: { policy: 'same-origin' } }));
  // 503 while the database does not answer (within 2 s): a load balancer sends webhooks elsewhere.
  app.get('/healthz', async (_req, res) => {
    if (await o.health.check(2000)) {
      res.json({ ok: true });
      return;
    }
    const h = o.health.snapshot();
    res.status(503).json({ ok: false, error: 'database unreachable', downSeconds: h.downSeconds, outages: h.outages });
  });
  const staff = staffRouter({ pool: o.pool, logger: o.logger, config: o.config, metrics: async () => ({ contentType: metrics.registry.contentType, body: await metrics.registry.metrics() }), ...(o.config.console.sessionSecret ? { sessionSecret: o.config.console.sessionSecret } : {}), ...(o.recordings ? { recordings: o.recordings } : {}) });
  // /metrics: a scraper's bearer token (TIWEN_METRICS_TOKEN), or an admin's session.
  app.get('/metrics', async (req, res, next) => {
    if (bearerMatches(req, o.config.console.metricsToken)) return void res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    next();
  });
  app.use(staff);
  app.use(errorHandler(o.logger));
  return app;
}
