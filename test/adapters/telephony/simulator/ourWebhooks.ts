/**
 * A tiny stand-in for our webhook server: checks every X-Twilio-Signature with
 * twilio.validateRequest, records what arrives, and answers with the TwiML a test
 * route returns. Status callbacks (/status) are answered 204.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import twilio from 'twilio';

export interface Received {
  method: string;
  path: string;
  url: string;
  params: Record<string, string>;
  valid: boolean;
}

export type Route = (params: Record<string, string>, req: Received) => string | { status: number; body: string };

export interface OurWebhooks {
  url: string;
  received: Received[];
  /** Status callbacks received for one call, in arrival order. */
  callbacks(sid: string): Received[];
  /** Requests (not status callbacks) for one call. */
  requests(sid: string): Received[];
  route(path: string, fn: Route): void;
  /** Resolves when `check()` holds, polling the received list (no fixed sleeps). */
  until(check: () => boolean, what?: string): Promise<void>;
  close(): Promise<void>;
}

export async function startOurWebhooks(authToken: string): Promise<OurWebhooks> {
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  const received: Received[] = [];
  const routes = new Map<string, Route>();
  let base = '';
  app.all(/.*/, (req, res) => {
    const url = base + req.originalUrl;
    const params = req.method === 'POST' ? ((req.body ?? {}) as Record<string, string>) : {};
    const query = Object.fromEntries(new URL(url).searchParams) as Record<string, string>;
    const r: Received = {
      method: req.method,
      path: req.path,
      url,
      params: req.method === 'POST' ? params : query,
      valid: twilio.validateRequest(authToken, req.header('X-Twilio-Signature') ?? '', url, params),
    };
    received.push(r);
    if (!r.valid) return void res.status(403).send('bad signature');
    if (req.path === '/status') return void res.status(204).end();
    const fn = routes.get(req.path);
    if (!fn) return void res.status(404).send('no route');
    const out = fn(r.params, r);
    if (typeof out === 'string') return void res.type('text/xml').send(out);
    res.status(out.status).type('text/xml').send(out.body);
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    received,
    callbacks: (sid) => received.filter((r) => r.path === '/status' && r.params.CallSid === sid),
    requests: (sid) => received.filter((r) => r.path !== '/status' && r.params.CallSid === sid),
    route: (path, fn) => void routes.set(path, fn),
    until: async (check, what = 'condition') => {
      const deadline = Date.now() + 20_000;
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 2));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
