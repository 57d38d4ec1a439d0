/**
 * The HTTP server of `tiwen serve`: carrier webhooks, the staff page and its JSON
 * API, health and metrics. Stateless: any instance can take any webhook.
 */
import type { RequestListener } from 'node:http';
import express, { type Express } from 'express';
import type pg from 'pg';
import type { CallEvents } from '../app/callEvents.js';
import type { Logger } from '../log.js';
import { apiRouter } from './api.js';
import { errorHandler } from './errors.js';
import { createMetrics, type Metrics } from './metrics.js';
import { pagesRouter } from './pages.js';
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
  const audio = o.promptAudio;
  const hooks = webhookHandler({ ...o, metrics, audioUrl: audio ? (text) => audio.urlFor(text) : undefined });
  const app = createHttpApp({ pool: o.pool, logger: o.logger, metrics });
  const serveAudio = audio ? audioHandler(audio) : undefined;
  return (req, res) => {
    if (req.url?.startsWith(WEBHOOK_PREFIX)) hooks(req, res);
    else if (serveAudio && req.url?.startsWith(AUDIO_PREFIX)) serveAudio(req, res);
    else app(req, res);
  };
}

/** The staff page, its JSON API, health and metrics. */
function createHttpApp(o: { pool: pg.Pool; logger: Logger; metrics: Metrics }): Express {
  const app = express();
  const { metrics } = o;
  app.disable('x-powered-by');
  app.get('/healthz', async (_req, res) => {
    try {
      await o.pool.query('SELECT 1');
      res.json({ ok: true });
    } catch {
      res.status(503).json({ ok: false, error: 'database unreachable' });
    }
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.use('/api', apiRouter(o.pool));
  app.use('/', pagesRouter(o.pool));
  app.use(errorHandler(o.logger));
  return app;
}
