/**
 * X-Twilio-Signature checks. Twilio signs the full URL it requested (as configured, so
 * behind a proxy or load balancer that is our public base URL, not the Host we see)
 * plus the sorted POST parameters, with HMAC-SHA1 keyed by the auth token. The pure
 * functions are the SDK's; this module only rebuilds the URL.
 */
import twilio from 'twilio';

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
 * Checks webhook requests against X-Twilio-Signature, made over our public URL (plus
 * the path and query string as requested) and the form parameters. The returned
 * function gives null for a request Twilio signed, else why it is refused (answer 403).
 */
export function twilioRequestVerifier(options: TwilioSignatureOptions): (pathAndQuery: string, signature: string | undefined, params: SignedParams) => string | null {
  const base = options.publicBaseUrl.replace(/\/+$/, '');
  return (pathAndQuery, signature, params) => {
    if (!signature) return 'Missing X-Twilio-Signature header';
    return isValidSignature(options.authToken, signature, base + pathAndQuery, params) ? null : 'Invalid X-Twilio-Signature';
  };
}
