import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import twilio from 'twilio';
import { expectedSignature, isValidSignature, twilioSignatureMiddleware } from '../../../../src/adapters/telephony/twilio/signature.js';

const TOKEN = '12345678901234567890123456789012';
const PUBLIC = 'https://tiwen.example.cn';

describe('expectedSignature', () => {
  it('is the SDK signature and validates with validateRequest', () => {
    const url = 'https://tiwen.example.cn/twilio/status?attempt=9';
    const params = { CallSid: 'CA1', CallStatus: 'ringing' };
    const signature = expectedSignature(TOKEN, url, params);
    expect(signature).toBe(twilio.getExpectedTwilioSignature(TOKEN, url, params));
    expect(isValidSignature(TOKEN, signature, url, params)).toBe(true);
    expect(isValidSignature(TOKEN, signature, url, { ...params, CallStatus: 'completed' })).toBe(false);
    expect(isValidSignature('another-token', signature, url, params)).toBe(false);
    expect(isValidSignature(TOKEN, '', url, params)).toBe(false);
    expect(isValidSignature(TOKEN, signature, 'not a url', params)).toBe(false);
  });
});

describe('twilioSignatureMiddleware', () => {
  let server: Server;
  let origin: string;
  let handled: Array<Record<string, string>> = [];

  beforeAll(async () => {
    const app = express();
    app.use(express.urlencoded({ extended: false }));
    app.use('/twilio', twilioSignatureMiddleware({ authToken: TOKEN, publicBaseUrl: `${PUBLIC}/` }));
    app.post('/twilio/status', (req, res) => {
      handled.push(req.body as Record<string, string>);
      res.status(200).type('text/plain').send('ok');
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  });

  beforeEach(() => {
    handled = [];
  });

  const params = { CallSid: 'CA0123', CallStatus: 'completed', CallDuration: '12', To: '+8613800138000' };
  const path = '/twilio/status?attempt=42';

  async function post(body: Record<string, string>, signature: string | undefined, requestPath = path): Promise<{ status: number; text: string }> {
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (signature !== undefined) headers['x-twilio-signature'] = signature;
    const res = await fetch(origin + requestPath, { method: 'POST', headers, body: new URLSearchParams(body).toString() });
    return { status: res.status, text: await res.text() };
  }

  it('passes a valid signature (made over the public URL, query string included) to the handler', async () => {
    const signature = twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}${path}`, params);

    const res = await post(params, signature);

    expect(res).toEqual({ status: 200, text: 'ok' });
    expect(handled).toEqual([params]);
  });

  it('answers 403 to a missing signature without running the handler', async () => {
    const res = await post(params, undefined);

    expect(res.status).toBe(403);
    expect(res.text).toMatch(/signature/i);
    expect(handled).toEqual([]);
  });

  it('answers 403 to a forged signature', async () => {
    const forged = twilio.getExpectedTwilioSignature('not-the-auth-token', `${PUBLIC}${path}`, params);

    expect((await post(params, forged)).status).toBe(403);
    expect(handled).toEqual([]);
  });

  it('answers 403 when a parameter was tampered with', async () => {
    const signature = twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}${path}`, params);

    expect((await post({ ...params, CallStatus: 'busy' }, signature)).status).toBe(403);
    expect(handled).toEqual([]);
  });

  it('answers 403 when the query string differs from the signed URL', async () => {
    const signedWithoutQuery = twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}/twilio/status`, params);
    const signedOtherAttempt = twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}/twilio/status?attempt=43`, params);

    expect((await post(params, signedWithoutQuery)).status).toBe(403);
    expect((await post(params, signedOtherAttempt)).status).toBe(403);
    expect(handled).toEqual([]);
  });

  it('answers 403 when signed for another host (the local address is not the public URL)', async () => {
    const signedForLocal = twilio.getExpectedTwilioSignature(TOKEN, `${origin}${path}`, params);

    expect((await post(params, signedForLocal)).status).toBe(403);
  });
});
