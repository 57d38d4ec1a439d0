/**
 * Login, sessions and CSRF for the staff side. Sessions live in PostgreSQL
 * (connect-pg-simple on the staff_sessions table of migration 004); the cookie is
 * HttpOnly, SameSite=Lax and Secure whenever the request came over HTTPS. Every
 * state-changing request carries the session's synchronizer token: the `_csrf` field
 * of a form or the `X-CSRF-Token` header of a fetch.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import connectPgSimple from 'connect-pg-simple';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import session from 'express-session';
import type pg from 'pg';
import { login, LoginError, sessionScope, type Scope } from '../../app/accounts.js';
import { loginPage } from './views/login.js';
import { LoginThrottle } from './throttle.js';

declare module 'express-session' {
  interface SessionData {
    userId?: number;
    csrf?: string;
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    /** The logged-in account's scope (set by requireLogin). */
    scope?: Scope;
  }
}

export interface SessionOptions {
  pool: pg.Pool;
  /** Signs the session cookie; a random one per process when not configured. */
  secret: string;
  maxAgeHours: number;
}

export function sessionMiddleware(o: SessionOptions): express.RequestHandler {
  const PgStore = connectPgSimple(session);
  return session({
    name: 'tiwen.sid',
    store: new PgStore({ pool: o.pool, tableName: 'staff_sessions', createTableIfMissing: false, pruneSessionInterval: 15 * 60 }),
    secret: o.secret,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    proxy: undefined,
    cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: o.maxAgeHours * 3600_000 },
  });
}

/** The session's CSRF token, created on first use. */
export function csrfToken(req: Request): string {
  return (req.session.csrf ??= randomBytes(24).toString('base64url'));
}

function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Refuses (403, nothing done) any state-changing request without the session's token. */
export function csrfCheck(req: Request, res: Response, next: NextFunction): void {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
  const body = req.body as Record<string, unknown> | undefined;
  const given = (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? req.get('x-csrf-token');
  if (sameToken(given, req.session.csrf)) return next();
  res.status(403);
  if (req.path.startsWith('/api/') || req.get('x-csrf-token') !== undefined || req.is('application/octet-stream')) {
    res.json({ error: 'CSRF token missing or wrong.', hint: 'Reload the page and try again.' });
  } else {
    res.type('html').send('<!doctype html><meta charset="utf-8"><p>请求已过期或来源不明(CSRF 校验失败)。请返回并刷新页面后重试。</p>');
  }
}

/** A local path to go to after login (never another site). */
function safeNext(v: unknown): string {
  return typeof v === 'string' && /^\/(?!\/)[^\s\\]*$/.test(v) && !v.startsWith('/login') ? v : '/';
}

/** GET/POST /login and POST /logout. */
export function loginRoutes(pool: pg.Pool, throttle = new LoginThrottle()): Router {
  const router = express.Router();
  router.get('/login', (req, res) => {
    res.type('html').send(loginPage({ csrf: csrfToken(req), next: safeNext(req.query.next), error: null }).value);
  });
  router.post('/login', async (req, res, next) => {
    const body = req.body as Record<string, unknown>;
    const username = typeof body.username === 'string' ? body.username : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const to = safeNext(body.next);
    const address = req.ip ?? 'unknown';
    if (throttle.blocked(address)) {
      res.status(429).type('html').send(loginPage({ csrf: csrfToken(req), next: to, error: '登录失败次数过多,请 15 分钟后再试。', username }).value);
      return;
    }
    try {
      const scope = await login(pool, username, password);
      // A new session id at login, so a planted cookie cannot ride into the account.
      req.session.regenerate((err) => {
        if (err) return next(err);
        req.session.userId = scope.userId;
        csrfToken(req);
        req.session.save((e) => (e ? next(e) : res.redirect(303, to)));
      });
    } catch (err) {
      if (!(err instanceof LoginError)) return next(err);
      throttle.fail(address);
      res.status(err.status).type('html').send(loginPage({ csrf: csrfToken(req), next: to, error: err.message, username }).value);
    }
  });
  router.post('/logout', (req, res, next) => {
    req.session.destroy((err) => (err ? next(err) : res.clearCookie('tiwen.sid').redirect(303, '/login')));
  });
  return router;
}

/**
 * Every route after this needs a login: pages redirect to /login, the API answers 401.
 * The account is re-read each request, so a disabled account is out at once.
 */
export function requireLogin(pool: pg.Pool) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const userId = req.session.userId;
    const scope = userId ? await sessionScope(pool, userId) : null;
    if (scope) {
      req.scope = scope;
      return next();
    }
    if (userId) await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    if (req.path.startsWith('/api/') || req.path === '/metrics' || req.path.startsWith('/recordings/')) {
      res.status(401).json({ error: 'Login required.', hint: 'Log in at /login; the session cookie then opens /api.' });
    } else {
      res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
    }
  };
}
