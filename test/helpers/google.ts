/**
 * Google clients (@google-cloud/*) on their REST fallback against nock: a throw-away
 * service account, the OAuth token endpoint, and a record of the API requests.
 */
import { generateKeyPairSync } from 'node:crypto';
import nock from 'nock';

/** Client options with a freshly generated service-account key (nothing real). */
export function fakeServiceAccount(): { fallback: true; credentials: { client_email: string; private_key: string }; projectId: string } {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { fallback: true, credentials: { client_email: 'x@y.iam.gserviceaccount.com', private_key: privateKey }, projectId: 'p' };
}

/**
 * Service accounts usually sign their own JWT for Google APIs; the token endpoint is
 * there in case the auth library asks for an OAuth token instead.
 */
export function nockGoogleToken(): void {
  nock('https://oauth2.googleapis.com').replyContentLength().post('/token').optionally().reply(200, { access_token: 't', expires_in: 3600, token_type: 'Bearer' });
}

export interface SeenRequest {
  path: string;
  body: unknown;
  authorization: string | undefined;
}

/** The requests `scope` answers, as they come: path, JSON body, Authorization header. */
export function recordRequests(scope: nock.Scope): SeenRequest[] {
  const seen: SeenRequest[] = [];
  scope.on('request', (req: { path: string; headers: Record<string, string | undefined> }, _i: unknown, body: string) => {
    seen.push({ path: req.path, body: JSON.parse(body), authorization: req.headers.authorization });
  });
  return seen;
}
