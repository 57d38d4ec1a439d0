/**
 * The official twilio SDK pointed at the carrier simulator: a RequestClient that
 * rewrites https://api.twilio.com to the simulator's URL, as production does.
 */
import http from 'node:http';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';

const TWILIO_API = /^https:\/\/api\.twilio\.com/;

export class RedirectingRequestClient extends twilio.RequestClient {
  readonly agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

  constructor(private readonly baseUrl: string) {
    super({ keepAlive: true });
    this.axios.defaults.httpAgent = this.agent;
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    return super.request<TData>({ ...opts, uri: opts.uri.replace(TWILIO_API, this.baseUrl) });
  }
}

export interface SimulatorLike {
  url: string;
  accountSid: string;
  authToken: string;
}

/** A twilio client placing calls on the simulator. Call `.close()` when done (keep-alive sockets). */
export function simulatorClient(sim: SimulatorLike, credentials: { accountSid?: string; authToken?: string } = {}): twilio.Twilio & { close(): void } {
  const httpClient = new RedirectingRequestClient(sim.url);
  const client = twilio(credentials.accountSid ?? sim.accountSid, credentials.authToken ?? sim.authToken, { httpClient }) as twilio.Twilio & { close(): void };
  client.close = () => httpClient.agent.destroy();
  return client;
}
