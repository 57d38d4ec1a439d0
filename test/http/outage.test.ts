/**
 * The server while its database cannot be reached: calls hear a short Mandarin
 * apology instead of silence, status callbacks get a 503, /healthz says 503 and the
 * outage shows in /metrics. Nothing crashes.
 */
import pg from 'pg';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { startServer, type Server } from '../../src/app/runtime.js';
import { freePort } from '../../src/adapters/store/postgres/embedded.js';
import { databaseHealth, guardPool, isConnectionError } from '../../src/adapters/store/postgres/health.js';
import { DEFAULT_ERROR_TEXT } from '../../src/adapters/telephony/twilio/twiml.js';
import { expectedSignature } from '../../src/adapters/telephony/twilio/signature.js';
import { tempDir } from '../helpers/files.js';

const TOKEN = 'outage-token';
const tmp = tempDir();
let pool: pg.Pool;
let server: Server;

beforeAll(async () => {
  // Nothing listens on this port: every connection is refused, as during a restart.
  const port = await freePort();
  pool = guardPool(new pg.Pool({ connectionString: `postgres://tiwen:tiwen@127.0.0.1:${port}/tiwen`, connectionTimeoutMillis: 2000 }));
  server = await startServer({ config: loadConfig({ TIWEN_METRICS_TOKEN: 'scrape-token-0123456789' }, tmp.dir), logger: silentLogger(), pool, authToken: TOKEN, port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await server.close();
  databaseHealth(pool).close();
  await pool.end();
  tmp.cleanup();
});

async function post(path: string, params: Record<string, string>) {
  const url = server.publicBaseUrl + path;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': expectedSignature(TOKEN, url, params) },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, text: await res.text() };
}

test('an answer and a gather get the apology TwiML; a status callback gets 503', async () => {
  for (const path of ['/twilio/answer?attempt=1', '/twilio/gather?attempt=1&turn=0']) {
    const r = await post(path, { CallSid: 'CA' + '1'.repeat(32), CallStatus: 'in-progress', SpeechResult: '没有' });
    expect(r.status).toBe(200);
    expect(r.text).toContain(DEFAULT_ERROR_TEXT);
    expect(r.text).toMatch(/<Hangup\/>/);
  }
  expect((await post('/twilio/status?attempt=1', { CallSid: 'CA' + '1'.repeat(32), CallStatus: 'completed', CallDuration: '5' })).status).toBe(503);
});

test('/healthz answers 503 and /metrics counts the outage', async () => {
  const h = await fetch(`${server.url}/healthz`);
  expect(h.status).toBe(503);
  expect(await h.json()).toMatchObject({ ok: false, error: 'database unreachable' });
  const m = await (await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer scrape-token-0123456789' } })).text();
  expect(m).toMatch(/^tiwen_database_up 0$/m);
  expect(Number(/^tiwen_database_outages (\d+)$/m.exec(m)?.[1])).toBeGreaterThanOrEqual(1);
  expect(m).toMatch(/tiwen_webhooks_total\{kind="answer",result="database_down"\} [1-9]/);
});

test.each([
  ['refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }), true],
  ['administrator shutdown (57P01)', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }), true],
  ['connection ended', new Error('Connection terminated unexpectedly'), true],
  ['unique violation', Object.assign(new Error('duplicate key'), { code: '23505' }), false],
  ['syntax error', Object.assign(new Error('syntax error'), { code: '42601' }), false],
])('isConnectionError: %s -> %s', (_name, err, expected) => {
  expect(isConnectionError(err)).toBe(expected);
});
