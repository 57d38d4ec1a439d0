/**
 * Carrier webhooks (Twilio's protocol; the built-in simulator speaks it too). Every
 * route checks X-Twilio-Signature first: a missing or forged signature is answered
 * 403 and nothing is written. Every URL carries the attempt id.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { CallEvents } from '../app/callEvents.js';
import type { Logger } from '../log.js';
import { toError } from '../errors.js';
import { renderTwiml } from '../adapters/telephony/twilio/twiml.js';
import { twilioSignatureMiddleware } from '../adapters/telephony/twilio/signature.js';
import { parseGatherResult, parseStatusCallback } from '../adapters/telephony/twilio/events.js';
import type { Metrics } from './metrics.js';

export interface WebhookUrls {
  answer(attemptId: number): string;
  gather(attemptId: number, turn: number): string;
  status(attemptId: number): string;
}

/** Our webhook URLs under a public base URL. */
export function webhookUrls(publicBaseUrl: string): WebhookUrls {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return {
    answer: (id) => `${base}/twilio/answer?attempt=${id}`,
    gather: (id, turn) => `${base}/twilio/gather?attempt=${id}&turn=${turn}`,
    status: (id) => `${base}/twilio/status?attempt=${id}`,
  };
}

export interface WebhookOptions {
  callEvents: CallEvents;
  authToken: string;
  publicBaseUrl: string;
  language: string;
  voice: string;
  logger: Logger;
  metrics: Metrics;
}

function attemptIdOf(req: Request): number | null {
  const id = Number(req.query.attempt);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

export function webhookRouter(o: WebhookOptions): Router {
  const router = express.Router();
  const urls = webhookUrls(o.publicBaseUrl);
  router.use(express.urlencoded({ extended: false, limit: '64kb' }));
  router.use(twilioSignatureMiddleware({ authToken: o.authToken, publicBaseUrl: o.publicBaseUrl }));

  const twiml = (res: Response, xml: string) => res.type('text/xml').send(xml);
  const timed = (kind: string, handler: (req: Request, res: Response, attemptId: number) => Promise<void>) => async (req: Request, res: Response) => {
    const end = o.metrics.webhookSeconds.startTimer({ kind });
    const attemptId = attemptIdOf(req);
    if (attemptId === null) {
      o.metrics.webhooks.inc({ kind, result: 'bad_request' });
      res.status(400).type('text/plain').send('missing or invalid attempt id in the URL');
      return;
    }
    try {
      await handler(req, res, attemptId);
      o.metrics.webhooks.inc({ kind, result: 'ok' });
    } catch (err) {
      o.metrics.webhooks.inc({ kind, result: 'error' });
      o.logger.error('webhook failed', { kind, attempt: attemptId, error: toError(err).message });
      // A 5xx makes the carrier retry the callback; our handlers are idempotent.
      if (!res.headersSent) res.status(500).type('text/plain').send('internal error');
    } finally {
      end();
    }
  };
  const render = (attemptId: number, result: { actions: Parameters<typeof renderTwiml>[0]; turn: number }) =>
    renderTwiml(result.actions, { actionUrl: urls.gather(attemptId, result.turn), language: o.language, voice: o.voice });

  router.post(
    '/answer',
    timed('answer', async (req, res, attemptId) => {
      const s = parseStatusCallback(req.body as Record<string, string>);
      const result = await o.callEvents.answer(attemptId, s.providerCallId, s.answeredBy);
      twiml(res, render(attemptId, result));
    }),
  );

  router.post(
    '/gather',
    timed('gather', async (req, res, attemptId) => {
      const turn = Number(req.query.turn);
      const body = req.body as Record<string, string>;
      const g = parseGatherResult(body);
      const result = await o.callEvents.reply(attemptId, Number.isSafeInteger(turn) ? turn : -1, {
        text: g.text,
        confidence: g.confidence,
        digits: g.digits,
        raw: g.raw,
      });
      twiml(res, render(attemptId, result));
    }),
  );

  router.post(
    '/status',
    timed('status', async (req, res, attemptId) => {
      const s = parseStatusCallback(req.body as Record<string, string>);
      if (s.status === 'completed' || s.status === 'busy' || s.status === 'no-answer' || s.status === 'failed' || s.status === 'canceled') {
        await o.callEvents.finish(attemptId, { providerCallId: s.providerCallId, status: s.status, durationSeconds: s.durationSeconds, answeredBy: s.answeredBy });
      }
      // Progress before the end (queued, initiated, ringing, in-progress) is acknowledged, not
      // stored: the CallSid comes with the create response and the answer, and nothing waits on it.
      res.status(204).end();
    }),
  );
  return router;
}
