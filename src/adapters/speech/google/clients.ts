/**
 * The official Google clients, built from our settings. Always on the REST fallback
 * (HTTP/1.1 + JSON instead of gRPC): it passes ordinary proxies, and its URL shapes
 * are what the nock tests and `tiwen sim` speak.
 *
 * Credentials follow Google's conventions: GOOGLE_APPLICATION_CREDENTIALS names a key
 * file, GOOGLE_CLOUD_PROJECT the project; without them, application default
 * credentials. An endpoint setting points a client at a regional endpoint
 * (`eu-speech.googleapis.com`) or at a compatible server over plain HTTP
 * (`http://127.0.0.1:8089`, e.g. `tiwen sim`); such a local server gets a fixed
 * bearer token unless a key file is set, since no Google token service is reachable
 * behind it.
 */
import { SpeechClient } from '@google-cloud/speech';
import { TextToSpeechClient } from '@google-cloud/text-to-speech';
import { InputError } from '../../../errors.js';

export interface GoogleSettings {
  credentialsFile?: string | undefined;
  projectId?: string | undefined;
}

interface ClientOptions {
  fallback: true;
  keyFilename?: string;
  projectId?: string;
  apiEndpoint?: string;
  port?: number;
  protocol?: string;
  authClient?: unknown;
}

/**
 * The slice of an auth client the REST fallback uses: `fetch` adds the Authorization
 * header. For compatible servers only (see above).
 */
function staticTokenAuth(token: string): { fetch(url: string, init: RequestInit & { headers?: Headers }): Promise<Response>; getRequestHeaders(): Promise<Headers> } {
  return {
    async fetch(url, init) {
      const headers = new Headers(init.headers);
      headers.set('Authorization', `Bearer ${token}`);
      return fetch(url, { method: init.method ?? 'POST', headers, body: init.body ?? null, ...(init.signal ? { signal: init.signal } : {}) });
    },
    async getRequestHeaders() {
      return new Headers({ Authorization: `Bearer ${token}` });
    },
  };
}

/** Client options for one endpoint setting (undefined: Google's own endpoint). */
export function googleClientOptions(settings: GoogleSettings, endpoint: string | undefined, settingName: string): ClientOptions {
  const options: ClientOptions = { fallback: true };
  if (settings.credentialsFile) options.keyFilename = settings.credentialsFile;
  if (settings.projectId) options.projectId = settings.projectId;
  if (!endpoint) return options;
  const withScheme = /^[a-z]+:\/\//i.test(endpoint) ? endpoint : `https://${endpoint}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new InputError(`${settingName}=${JSON.stringify(endpoint)} is not a host name or URL.`, 'Give a host (eu-speech.googleapis.com) or a URL (http://127.0.0.1:8089).');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(`${settingName}=${JSON.stringify(endpoint)}: only http and https endpoints are supported.`, 'Give https://host or http://host:port.');
  }
  options.apiEndpoint = url.hostname;
  options.protocol = url.protocol.slice(0, -1);
  options.port = url.port ? Number(url.port) : url.protocol === 'http:' ? 80 : 443;
  if (url.protocol === 'http:' && !settings.credentialsFile) options.authClient = staticTokenAuth('tiwen-compatible-endpoint');
  return options;
}

export function createSpeechClient(settings: GoogleSettings, endpoint: string | undefined): SpeechClient {
  return new SpeechClient(googleClientOptions(settings, endpoint, 'TIWEN_GOOGLE_SPEECH_ENDPOINT') as ConstructorParameters<typeof SpeechClient>[0]);
}

export function createTtsClient(settings: GoogleSettings, endpoint: string | undefined): TextToSpeechClient {
  return new TextToSpeechClient(googleClientOptions(settings, endpoint, 'TIWEN_GOOGLE_TTS_ENDPOINT') as ConstructorParameters<typeof TextToSpeechClient>[0]);
}
