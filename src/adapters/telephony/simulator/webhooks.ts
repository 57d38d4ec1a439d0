/**
 * Signed webhook requests, as Twilio makes them: form-encoded POST (or GET with the
 * parameters in the query string), `X-Twilio-Signature` = HMAC-SHA1 over the full URL
 * and the sorted POST parameters with the account's auth token. Keep-alive agents so
 * that hundreds of calls a second reuse their connections.
 */
import http from 'node:http';
import https from 'node:https';
import twilio from 'twilio';

export interface WebhookResponse {
  status: number;
  contentType: string;
  body: string;
}

export class WebhookError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'WebhookError';
  }
}

export class WebhookClient {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 512, maxFreeSockets: 256 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 512, maxFreeSockets: 256 });

  constructor(
    private readonly authToken: string,
    private readonly timeoutMs: number,
  ) {}

  /** Sends the request; resolves with any HTTP answer, rejects on network errors or timeout. */
  request(method: 'GET' | 'POST', url: string, params: Record<string, string>): Promise<WebhookResponse> {
    let target = url;
    let body: string | undefined;
    let signature: string;
    if (method === 'GET') {
      const qs = new URLSearchParams(params).toString();
      if (qs) target += (url.includes('?') ? '&' : '?') + qs;
      signature = twilio.getExpectedTwilioSignature(this.authToken, target, {});
    } else {
      body = new URLSearchParams(params).toString();
      signature = twilio.getExpectedTwilioSignature(this.authToken, target, params);
    }
    let parsed: URL;
    try {
      parsed = new URL(target);
    } catch {
      return Promise.reject(new WebhookError(`not a valid URL: ${target}`));
    }
    const secure = parsed.protocol === 'https:';
    const headers: http.OutgoingHttpHeaders = {
      'X-Twilio-Signature': signature,
      'User-Agent': 'TwilioProxy/1.1',
      Accept: '*/*',
      'Cache-Control': 'max-age=259200',
    };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded; charset=utf-8';
      headers['Content-Length'] = Buffer.byteLength(body);
    }
    return new Promise<WebhookResponse>((resolve, reject) => {
      const req = (secure ? https : http).request(
        parsed,
        { method, headers, agent: secure ? this.httpsAgent : this.httpAgent, timeout: this.timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new WebhookError(`no answer within ${this.timeoutMs} ms`)));
      req.on('error', (err) => reject(err instanceof WebhookError ? err : new WebhookError(err.message)));
      req.end(body);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
