import twilio from 'twilio';
import { expectedSignature, isValidSignature, twilioRequestVerifier } from '../../../../src/adapters/telephony/twilio/signature.js';

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

describe('twilioRequestVerifier', () => {
  const verify = twilioRequestVerifier({ authToken: TOKEN, publicBaseUrl: `${PUBLIC}/` });
  const params = { CallSid: 'CA0123', CallStatus: 'completed', CallDuration: '12', To: '+8613800138000' };
  const path = '/twilio/status?attempt=42';

  it('accepts a signature made over the public URL, query string included', () => {
    expect(verify(path, twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}${path}`, params), params)).toBeNull();
  });

  it('refuses a missing signature', () => {
    expect(verify(path, undefined, params)).toMatch(/missing/i);
    expect(verify(path, '', params)).toMatch(/missing/i);
  });

  it('refuses a forged signature and a tampered parameter', () => {
    const forged = twilio.getExpectedTwilioSignature('not-the-auth-token', `${PUBLIC}${path}`, params);
    const signature = twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}${path}`, params);

    expect(verify(path, forged, params)).toMatch(/invalid/i);
    expect(verify(path, signature, { ...params, CallStatus: 'busy' })).toMatch(/invalid/i);
  });

  it('refuses a signature whose query string differs from the request', () => {
    const signedWithoutQuery = twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}/twilio/status`, params);
    const signedOtherAttempt = twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}/twilio/status?attempt=43`, params);

    expect(verify(path, signedWithoutQuery, params)).toMatch(/invalid/i);
    expect(verify(path, signedOtherAttempt, params)).toMatch(/invalid/i);
  });

  it('refuses a signature made for another host (the local address is not the public URL)', () => {
    expect(verify(path, twilio.getExpectedTwilioSignature(TOKEN, `http://127.0.0.1:3000${path}`, params), params)).toMatch(/invalid/i);
  });
});
