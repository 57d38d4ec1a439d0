/**
 * X-Twilio-Signature checks. Twilio signs the full URL it requested (as configured, so
 * behind a proxy or load balancer that is our public base URL, not the Host we see)
 * plus the sorted POST parameters, with HMAC-SHA1 keyed by the auth token. The pure
 * functions are the SDK's; this module only rebuilds the URL and answers 403.
 */
import twilio from 'twilio';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

export type SignedParams = Record<string, string | string[]>;

/** The signature Twilio would send for this URL and form parameters. */
export function expectedSignature(authToken: string, url: string, params: SignedParams = {}): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}

/** Whether `signature` is Twilio's for this URL and form parameters (constant-time compare). */
export function isValidSignature(authToken: string, signature: string, url: string, params: SignedParams = {}): boolean {
  if (!signature) return false;
  try {
    return twilio.validateRequest(authToken, signature, url, params);
  } catch {
    // validateRequest parses the URL; a URL it cannot parse was not signed by Twilio
    return false;
  }
}

export interface TwilioSignatureOptions {
  authToken: string;
  /** The origin (and optional path prefix) Twilio calls us on, e.g. https://tiwen.example.cn */
  publicBaseUrl: string;
}

/**
 * Express middleware: passes requests signed by Twilio on, answers anything else 403
 * (plain text) without calling `next`. Mount it after `express.urlencoded()`.
 */
export function twilioSignatureMiddleware(options: TwilioSignatureOptions): RequestHandler {
  const base = options.publicBaseUrl.replace(/\/+$/, '');
  return (req: Request, res: Response, next: NextFunction): void => {
    const signature = req.header('X-Twilio-Signature');
    if (!signature) {
      res.status(403).type('text/plain').send('Missing X-Twilio-Signature header');
      return;
    }
    const url = base + req.originalUrl;
    const params = isFormBody(req.body) ? req.body : {};
    if (!isValidSignature(options.authToken, signature, url, params)) {
      res.status(403).type('text/plain').send('Invalid X-Twilio-Signature');
      return;
    }
    next();
  };
}

function isFormBody(body: unknown): body is SignedParams {
  return body !== null && typeof body === 'object' && !Array.isArray(body) && !Buffer.isBuffer(body);
}
