/**
 * The carrier webhooks over HTTP: the real server (startServer) on a real database,
 * requests signed like Twilio's. What is refused is refused before anything is
 * written; what is accepted is applied.
 */
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { startServer, type Server } from '../../src/app/runtime.js';
import { claimCalls } from '../../src/adapters/store/postgres/dialQueue.js';
import { expectedSignature } from '../../src/adapters/telephony/twilio/signature.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { seedRound } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/files.js';

const TOKEN = 'webhook-test-token';
const tmp = tempDir();
let db: TestDatabase;
let server: Server;
let seq = 0;

beforeAll(async () => {
  db = await createTestDatabase();
  const config = loadConfig({ DATABASE_URL: db.url }, tmp.dir);
  server = await startServer({ config, logger: silentLogger(), pool: db.pool, authToken: TOKEN, port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await server.close();
  await db.drop();
  tmp.cleanup();
});

async function claimedAttempt(): Promise<{ attemptId: number; callId: number }> {
  seq += 1;
  const { roundId } = await seedRound(db.pool, { community: `w${seq}`, households: 1, phoneBase: 17100000000 + seq * 1000 });
  const [c] = await claimCalls(db.pool, { roundId, owner: 't', provider: `p${seq}`, leaseSeconds: 60, accountCps: 100, accountLines: 100, batch: 1, lookaheadMs: 1000 });
  return c!;
}

const snapshot = async (attemptId: number) => (await db.pool.query('SELECT a.*, c.status AS call_status FROM attempts a JOIN calls c ON c.id = a.call_id WHERE a.id = $1', [attemptId])).rows[0];

const FORM = 'application/x-www-form-urlencoded';

/** POSTs `params` to `path` signed with `token` (or with the given signature header). */
async function post(path: string, params: Record<string, string>, o: { token?: string; signature?: string | null; contentType?: string; body?: string } = {}) {
  const url = server.publicBaseUrl + path;
  const headers: Record<string, string> = { 'content-type': o.contentType ?? FORM };
  const signature = o.signature === undefined ? expectedSignature(o.token ?? TOKEN, url, params) : o.signature;
  if (signature !== null) headers['x-twilio-signature'] = signature;
  const res = await fetch(url, { method: 'POST', headers, body: o.body ?? new URLSearchParams(params).toString() });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

describe('carrier webhooks over HTTP', () => {
  test('a signed answer starts the dialogue: TwiML that asks the fever question, gathering speech and keypad', async () => {
    const a = await claimedAttempt();

    const res = await post(`/twilio/answer?attempt=${a.attemptId}`, { CallSid: 'CA' + 'a'.repeat(32), CallStatus: 'in-progress', AnsweredBy: 'human' });

    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/xml/);
    expect(res.text).toMatch(/<Gather[^>]*input="speech dtmf"[^>]*>/);
    expect(res.text).toContain(`/twilio/gather?attempt=${a.attemptId}&amp;turn=0`);
    expect(await snapshot(a.attemptId)).toMatchObject({ status: 'in_progress', provider_call_id: 'CA' + 'a'.repeat(32), call_status: 'in_progress' });
  });

  test('a signed final status ends the attempt (204); progress callbacks are acknowledged and change nothing', async () => {
    const a = await claimedAttempt();
    const before = await snapshot(a.attemptId);

    expect((await post(`/twilio/status?attempt=${a.attemptId}`, { CallSid: 'CA1', CallStatus: 'ringing' })).status).toBe(204);
    expect(await snapshot(a.attemptId)).toEqual(before);
    expect((await post(`/twilio/status?attempt=${a.attemptId}`, { CallSid: 'CA1', CallStatus: 'busy', CallDuration: '0' })).status).toBe(204);
    expect(await snapshot(a.attemptId)).toMatchObject({ status: 'busy', call_status: 'pending' });
  });

  test.each([
    ['unsigned', { signature: null }, /missing/i],
    ['signed with another token', { token: 'not-the-token' }, /invalid/i],
  ])('%s requests are refused with 403 and write nothing', async (_name, o, message) => {
    const a = await claimedAttempt();
    const before = await snapshot(a.attemptId);

    for (const path of [`/twilio/answer?attempt=${a.attemptId}`, `/twilio/gather?attempt=${a.attemptId}&turn=0`, `/twilio/status?attempt=${a.attemptId}`]) {
      const res = await post(path, { CallSid: 'CA2', CallStatus: 'completed', SpeechResult: '有人发烧' }, o);
      expect(res).toMatchObject({ status: 403 });
      expect(res.text).toMatch(message);
    }
    expect(await snapshot(a.attemptId)).toEqual(before);
  });

  test('a tampered parameter is refused (the signature covers the form body)', async () => {
    const a = await claimedAttempt();
    const path = `/twilio/status?attempt=${a.attemptId}`;
    const signature = expectedSignature(TOKEN, server.publicBaseUrl + path, { CallSid: 'CA3', CallStatus: 'completed' });

    const res = await post(path, { CallSid: 'CA3', CallStatus: 'busy' }, { signature });

    expect(res.status).toBe(403);
    expect((await snapshot(a.attemptId)).ended_at).toBeNull();
  });

  test('bad requests get a clear 4xx: unknown webhook, wrong method, no attempt id, no CallSid, not a form, too large', async () => {
    const a = await claimedAttempt();
    const unknown = await post('/twilio/hangup?attempt=1', { CallSid: 'CA4' });
    expect(unknown.status).toBe(404);
    expect(unknown.text).toMatch(/answer, gather and status/);

    const get = await fetch(`${server.url}/twilio/status?attempt=1`);
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);

    const noAttempt = await post('/twilio/status', { CallSid: 'CA4', CallStatus: 'busy' });
    expect(noAttempt.status).toBe(400);
    expect(noAttempt.text).toMatch(/attempt id/);

    const noCallSid = await post(`/twilio/status?attempt=${a.attemptId}`, { CallStatus: 'busy' });
    expect(noCallSid.status).toBe(400);
    expect(noCallSid.text).toMatch(/CallSid/);

    const json = await post(`/twilio/status?attempt=${a.attemptId}`, {}, { contentType: 'application/json', body: '{"CallSid":"CA4","CallStatus":"busy"}' });
    expect(json.status).toBe(415);
    expect(json.text).toMatch(/x-www-form-urlencoded/);

    const big = await post(`/twilio/status?attempt=${a.attemptId}`, { CallSid: 'CA4', CallStatus: 'busy', Junk: 'x'.repeat(70_000) });
    expect(big.status).toBe(413);

    expect((await snapshot(a.attemptId)).ended_at).toBeNull();
  });

  test('a webhook for an attempt that does not exist hangs up and writes nothing', async () => {
    const res = await post('/twilio/answer?attempt=999999', { CallSid: 'CA5', CallStatus: 'in-progress' });

    expect(res.status).toBe(200);
    expect(res.text).toMatch(/<Hangup\/>/);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM attempts WHERE id = 999999')).rows[0].n).toBe(0);
  });

  test('the staff page and health check are still served beside the webhooks', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    // Outside the webhook prefix everything is the staff console, behind its login.
    const page = await fetch(`${server.url}/twilio`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/login?next=%2Ftwilio');
  });
});
