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
import { createMetrics, registerDatabaseMetrics, type Metrics } from './metrics.js';
import { databaseHealth, type DatabaseHealth } from '../adapters/store/postgres/health.js';
import { pagesRouter } from './pages.js';
import { WEBHOOK_PREFIX, webhookHandler } from './webhooks.js';

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

/**
 * The server's request handler: carrier webhooks on Node's HTTP layer (webhooks.ts),
 * everything else through the Express app.
 */
export function createHttpHandler(o: HttpAppOptions): RequestListener {
  const metrics = o.metrics ?? createMetrics();
  const health = databaseHealth(o.pool, o.logger);
  registerDatabaseMetrics(metrics, health);
  const hooks = webhookHandler({ ...o, metrics, health });
  const app = createHttpApp({ pool: o.pool, logger: o.logger, metrics, health });
  return (req, res) => (req.url?.startsWith(WEBHOOK_PREFIX) ? hooks(req, res) : app(req, res));
}

/** The staff page, its JSON API, health and metrics. */
function createHttpApp(o: { pool: pg.Pool; logger: Logger; metrics: Metrics; health: DatabaseHealth }): Express {
  const app = express();
  const { metrics } = o;
  app.disable('x-powered-by');
  // 503 while the database does not answer (within 2 s): a load balancer sends webhooks elsewhere.
  app.get('/healthz', async (_req, res) => {
    if (await o.health.check(2000)) {
      res.json({ ok: true });
      return;
    }
    const h = o.health.snapshot();
    res.status(503).json({ ok: false, error: 'database unreachable', downSeconds: h.downSeconds, outages: h.outages });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.use('/api', apiRouter(o.pool));
  app.use('/', pagesRouter(o.pool));
  app.use(errorHandler(o.logger));
  return app;
}
