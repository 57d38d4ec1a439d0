/**
 * The HTTP server of `tiwen serve`: carrier webhooks, the staff page and its JSON
 * API, health and metrics. Stateless: any instance can take any webhook.
 */
import express, { type Express } from 'express';
import type pg from 'pg';
import type { CallEvents } from '../app/callEvents.js';
import type { Logger } from '../log.js';
import { apiRouter } from './api.js';
import { errorHandler } from './errors.js';
import { createMetrics, type Metrics } from './metrics.js';
import { pagesRouter } from './pages.js';
import { webhookRouter } from './webhooks.js';

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
}

export function createHttpApp(o: HttpAppOptions): Express {
  const app = express();
  const metrics = o.metrics ?? createMetrics();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  app.use('/twilio', webhookRouter({ ...o, metrics }));
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
