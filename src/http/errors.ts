import type { NextFunction, Request, Response } from 'express';
import { TiwenError, toError } from '../errors.js';
import type { Logger } from '../log.js';

/** The one place errors become HTTP answers: TiwenError keeps its status, anything else is a 500. */
export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const e = toError(err);
    const status = e instanceof TiwenError ? e.status : (err as { status?: number }).status ?? 500;
    if (status >= 500) logger.error('request failed', { method: req.method, path: req.path, error: e.message });
    if (res.headersSent) return;
    res.status(status).json({ error: e.message, ...(e instanceof TiwenError && e.hint ? { hint: e.hint } : {}) });
  };
}
