import net from 'node:net';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { createTwilioTelephony, parseRetryAfter } from '../../../../src/adapters/telephony/twilio/client.js';
import type { TwilioTelephony, TwilioTelephonyOptions } from '../../../../src/adapters/telephony/twilio/client.js';
import { CarrierError } from '../../../../src/ports/telephony.js';
import type { PlaceCallRequest } from '../../../../src/ports/telephony.js';

const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'secret-token';
const CALLS = `/2010-04-01/Accounts/${ACCOUNT}/Calls.json`;
const CALL_SID = 'CA11111111111111111111111111111111';
const BASIC = 'Basic ' + Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64');

const request: PlaceCallRequest = {
  attemptId: 42,
  to: '+8613800138000',
  from: '+8657100000000',
  answerUrl: 'https://tiwen.example.cn/twilio/answer?attempt=42',
  statusCallbackUrl: 'https://tiwen.example.cn/twilio/status?attempt=42',
  timeoutSeconds: 30,
  machineDetection: 'Enable',
};

function callResource(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sid: CALL_SID,
    account_sid: ACCOUNT,
    to: request.to,
    from: request.from,
    status: 'queued',
    start_time: null,
    duration: null,
    answered_by: null,
    uri: `/2010-04-01/Accounts/${ACCOUNT}/Calls/${CALL_SID}.json`,
    ...overrides,
  };
}

/**
 * nock 14 never ends a mocked response that has neither Content-Length nor chunked
 * encoding on a keep-alive request (nock/nock#3001), and the SDK always asks for
 * keep-alive: every scope therefore replies with Content-Length.
 */
function api(origin = 'https://api.twilio.com', options?: nock.Options): nock.Scope {
  return nock(origin, options).replyContentLength();
}

/** Raw request bodies as sent on the wire. */
function bodiesOf(scope: nock.Scope): string[] {
  const bodies: string[] = [];
  scope.on('request', (_req: unknown, _interceptor: unknown, body: string) => bodies.push(body));
  return bodies;
}

let telephony: TwilioTelephony | undefined;
let waits: number[] = [];

function make(options: Partial<TwilioTelephonyOptions> = {}): TwilioTelephony {
  telephony = createTwilioTelephony({
    accountSid: ACCOUNT,
    authToken: TOKEN,
    retryBaseMs: 1,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...options,
  });
  return telephony;
}

async function expectCarrierError(promise: Promise<unknown>): Promise<CarrierError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(CarrierError);
    return err as CarrierError;
  }
  throw new Error('expected a CarrierError');
}

beforeAll(() => {
  nock.disableNetConnect();
});

afterAll(() => {
  nock.enableNetConnect();
});

beforeEach(() => {
  waits = [];
});

afterEach(() => {
  telephony?.close();
  telephony = undefined;
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

describe('placeCall', () => {
  it('posts the Twilio form fields with basic auth and returns the CallSid', async () => {
    const scope = api('https://api.twilio.com', { reqheaders: { authorization: BASIC } }).post(CALLS).reply(201, callResource());
    const bodies = bodiesOf(scope);

    const result = await make().placeCall(request);

    expect(result).toEqual({ providerCallId: CALL_SID });
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toContain('StatusCallbackEvent=initiated&StatusCallbackEvent=ringing&StatusCallbackEvent=answered&StatusCallbackEvent=completed');
    const form = new URLSearchParams(bodies[0]);
    expect(form.get('To')).toBe('+8613800138000');
    expect(form.get('From')).toBe('+8657100000000');
    expect(form.get('Url')).toBe(request.answerUrl);
    expect(form.get('Method')).toBe('POST');
    expect(form.get('StatusCallback')).toBe(request.statusCallbackUrl);
    expect(form.get('StatusCallbackMethod')).toBe('POST');
    expect(form.getAll('StatusCallbackEvent')).toEqual(['initiated', 'ringing', 'answered', 'completed']);
    expect(form.get('Timeout')).toBe('30');
    expect(form.get('MachineDetection')).toBe('Enable');
    expect([...new Set(form.keys())].sort()).toEqual(
      ['From', 'MachineDetection', 'Method', 'StatusCallback', 'StatusCallbackEvent', 'StatusCallbackMethod', 'Timeout', 'To', 'Url'].sort(),
    );
  });

  it('asynchronous AMD (the default) and the fallback URL: the greeting starts at the answer, the verdict comes to its own callback', async () => {
    const scope = api('https://api.twilio.com', { reqheaders: { authorization: BASIC } }).post(CALLS).reply(201, callResource());
    const bodies = bodiesOf(scope);

    await make().placeCall({
      ...request,
      machineDetection: 'async',
      amdCallbackUrl: 'https://tiwen.example.cn/twilio/amd?attempt=42',
      fallbackUrl: 'https://tiwen.example.cn/twilio/fallback?attempt=42',
    });

    const form = new URLSearchParams(bodies[0]);
    expect(form.get('MachineDetection')).toBe('Enable');
    expect(form.get('AsyncAmd')).toBe('true');
    expect(form.get('AsyncAmdStatusCallback')).toBe('https://tiwen.example.cn/twilio/amd?attempt=42');
    expect(form.get('AsyncAmdStatusCallbackMethod')).toBe('POST');
    expect(form.get('FallbackUrl')).toBe('https://tiwen.example.cn/twilio/fallback?attempt=42');
    expect(form.get('FallbackMethod')).toBe('POST');
    expect(form.has('Record')).toBe(false);
  });

  it('records the whole call when asked (Gather dialogues that keep recordings)', async () => {
    const scope = api().post(CALLS).reply(201, callResource());
    const bodies = bodiesOf(scope);

    await make().placeCall({ ...request, machineDetection: 'off', record: { recordingStatusUrl: 'https://tiwen.example.cn/twilio/recorded?attempt=42' } });

    const form = new URLSearchParams(bodies[0]);
    expect(form.get('Record')).toBe('true');
    expect(form.get('RecordingStatusCallback')).toBe('https://tiwen.example.cn/twilio/recorded?attempt=42');
    expect(form.has('AsyncAmd')).toBe(false);
  });

  it('refuses asynchronous AMD without a callback URL, before anything is sent', async () => {
    await expect(make().placeCall({ ...request, machineDetection: 'async' })).rejects.toMatchObject({ retryable: false, message: /amdCallbackUrl/ });
  });

  it('leaves MachineDetection out when it is off', async () => {
    const scope = api().post(CALLS).reply(201, callResource());
    const bodies = bodiesOf(scope);

    await make().placeCall({ ...request, machineDetection: 'off' });

    expect(new URLSearchParams(bodies[0]).has('MachineDetection')).toBe(false);
    expect(new URLSearchParams(bodies[0]).get('To')).toBe(request.to);
  });

  it('does not repeat a 429 itself: retryable, accepted no, Retry-After passed on', async () => {
    const scope = api('https://api.twilio.com')
      .post(CALLS)
      .once()
      .reply(429, { code: 20429, message: 'Too Many Requests', status: 429 }, { 'Retry-After': '2' });

    const err = await expectCarrierError(make().placeCall(request));

    expect(scope.isDone()).toBe(true);
    expect(err.retryable).toBe(true);
    expect(err.details).toEqual({ status: 429, code: 20429, retryAfterMs: 2000, accepted: 'no' });
    expect(waits).toEqual([]);
  });

  it('reports a 5xx as retryable with accepted unknown, without repeating the create', async () => {
    const scope = api('https://api.twilio.com')
      .post(CALLS)
      .once()
      .reply(503, { code: 20503, message: 'Service Unavailable' }, { 'Retry-After': '1' });

    const err = await expectCarrierError(make({ maxRetries: 2, maxRetryDelayMs: 5 }).placeCall(request));

    expect(scope.isDone()).toBe(true);
    expect(err.retryable).toBe(true);
    expect(err.details).toEqual({ status: 503, code: 20503, retryAfterMs: 1000, accepted: 'unknown' });
    expect(waits).toEqual([]);
  });

  it('does not retry an invalid number (21211)', async () => {
    const scope = api('https://api.twilio.com')
      .post(CALLS)
      .once()
      .reply(400, { code: 21211, message: "The 'To' number +86123 is not a valid phone number.", more_info: 'https://www.twilio.com/docs/errors/21211', status: 400 });

    const err = await expectCarrierError(make().placeCall(request));

    expect(scope.isDone()).toBe(true);
    expect(err.retryable).toBe(false);
    expect(err.details).toEqual({ status: 400, code: 21211, accepted: 'no' });
    expect(err.message).toContain('21211');
    expect(waits).toEqual([]);
  });

  it('sends every request to apiBaseUrl instead of api.twilio.com', async () => {
    const twilioScope = api('https://api.twilio.com').post(CALLS).reply(500);
    const simScope = api('http://127.0.0.1:4010', { reqheaders: { authorization: BASIC } })
      .post(CALLS)
      .reply(201, callResource())
      .get(`/2010-04-01/Accounts/${ACCOUNT}/Calls/${CALL_SID}.json`)
      .reply(200, callResource({ status: 'ringing' }));

    const tel = make({ apiBaseUrl: 'http://127.0.0.1:4010' });
    await expect(tel.placeCall(request)).resolves.toEqual({ providerCallId: CALL_SID });
    await expect(tel.getCall(CALL_SID)).resolves.toMatchObject({ status: 'ringing' });

    expect(simScope.isDone()).toBe(true);
    expect(twilioScope.isDone()).toBe(false);
    nock.removeInterceptor({ hostname: 'api.twilio.com', proto: 'https', path: CALLS, method: 'POST' });
  });

  it('keeps a path prefix of apiBaseUrl', async () => {
    const scope = api('http://proxy.internal:8080').post(`/twilio${CALLS}`).reply(201, callResource());

    await make({ apiBaseUrl: 'http://proxy.internal:8080/twilio/' }).placeCall(request);

    expect(scope.isDone()).toBe(true);
  });
});

/**
 * Network failures run against real sockets on 127.0.0.1: nock's replyWithError never
 * settles on keep-alive requests (nock/nock#2789).
 */
describe('network failures', () => {
  let server: net.Server | undefined;
  const sockets = new Set<net.Socket>();
  let received = 0;

  async function listen(onData: (socket: net.Socket) => void): Promise<string> {
    server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('data', () => {
        received += 1;
        onData(socket);
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  beforeAll(() => nock.enableNetConnect('127.0.0.1'));
  afterAll(() => nock.disableNetConnect());
  beforeEach(() => {
    received = 0;
  });
  afterEach(async () => {
    for (const socket of sockets) socket.destroy();
    if (server?.listening) await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
  });

  it('reports accepted: unknown when the connection drops after sending, without re-dialing', async () => {
    const base = await listen((socket) => socket.destroy());

    const err = await expectCarrierError(make({ apiBaseUrl: base }).placeCall(request));

    expect(err.retryable).toBe(true);
    expect(err.details.accepted).toBe('unknown');
    expect(received).toBe(1);
    expect(waits).toEqual([]);
  });

  it('reports accepted: unknown on a timeout after sending', async () => {
    const base = await listen(() => undefined);

    const err = await expectCarrierError(make({ apiBaseUrl: base, timeoutMs: 50 }).placeCall(request));

    expect(err.details.accepted).toBe('unknown');
    expect(received).toBe(1);
  });

  it('retries reads after a dropped connection (they are idempotent)', async () => {
    const base = await listen((socket) => socket.destroy());

    const err = await expectCarrierError(make({ apiBaseUrl: base, maxRetries: 2 }).getCall(CALL_SID));

    expect(err.details.accepted).toBe('unknown');
    expect(received).toBe(3);
  });

  it('reports accepted: no when the connection is refused, without repeating the create', async () => {
    const base = await listen(() => undefined);
    await new Promise<void>((resolve) => server!.close(() => resolve()));

    const err = await expectCarrierError(make({ apiBaseUrl: base, maxRetries: 2 }).placeCall(request));

    expect(err.retryable).toBe(true);
    expect(err.details.accepted).toBe('no');
    expect(waits).toEqual([]);
  });
});

describe('getCall', () => {
  it('maps the Call resource', async () => {
    api('https://api.twilio.com')
      .get(`/2010-04-01/Accounts/${ACCOUNT}/Calls/${CALL_SID}.json`)
      .reply(
        200,
        callResource({ status: 'completed', duration: '17', answered_by: 'human', start_time: 'Tue, 07 Jan 2025 02:03:04 +0000' }),
      );

    await expect(make().getCall(CALL_SID)).resolves.toEqual({
      providerCallId: CALL_SID,
      status: 'completed',
      durationSeconds: 17,
      answeredBy: 'human',
      to: request.to,
      startTime: new Date('2025-01-07T02:03:04Z'),
    });
  });

  it('returns null on 404', async () => {
    api('https://api.twilio.com')
      .get(`/2010-04-01/Accounts/${ACCOUNT}/Calls/${CALL_SID}.json`)
      .reply(404, { code: 20404, message: 'The requested resource was not found', status: 404 });

    await expect(make().getCall(CALL_SID)).resolves.toBeNull();
  });
});

describe('findCalls', () => {
  it('asks for the calls started in the window and for every queued, ringing or in-progress call, merged by CallSid', async () => {
    const QUEUED_SID = 'CA' + 'b'.repeat(32);
    const page = (calls: unknown[]) => ({ calls, next_page_uri: null, page: 0, page_size: 50, uri: CALLS });
    const live = callResource({ status: 'in-progress', start_time: 'Tue, 07 Jan 2025 02:03:04 +0000' });
    const scope = api('https://api.twilio.com')
      .get(CALLS)
      .query({ To: '+8613800138000', Status: 'queued', PageSize: '50' })
      .reply(200, page([callResource({ sid: QUEUED_SID, status: 'queued', start_time: null })]))
      .get(CALLS)
      .query({ To: '+8613800138000', Status: 'ringing', PageSize: '50' })
      .reply(200, page([]))
      .get(CALLS)
      .query({ To: '+8613800138000', Status: 'in-progress', PageSize: '50' })
      .reply(200, page([live]))
      .get(CALLS)
      .query({ To: '+8613800138000', 'StartTime>': '2025-01-07T02:00:00Z', PageSize: '50' })
      .reply(200, page([live]));

    const calls = await make().findCalls({ to: request.to, startedAfter: new Date('2025-01-07T02:00:00.500Z') });

    expect(scope.isDone()).toBe(true);
    expect(calls).toEqual(
      expect.arrayContaining([
        { providerCallId: CALL_SID, status: 'in-progress', durationSeconds: null, answeredBy: null, to: request.to, startTime: new Date('2025-01-07T02:03:04Z') },
        { providerCallId: QUEUED_SID, status: 'queued', durationSeconds: null, answeredBy: null, to: request.to, startTime: null },
      ]),
    );
    expect(calls).toHaveLength(2);
  });
});

describe('hangup', () => {
  it('posts Status=completed', async () => {
    const scope = api()
      .post(`/2010-04-01/Accounts/${ACCOUNT}/Calls/${CALL_SID}.json`)
      .reply(200, callResource({ status: 'completed' }));
    const bodies = bodiesOf(scope);

    await make().hangup(CALL_SID);

    expect(scope.isDone()).toBe(true);
    expect(bodies).toEqual(['Status=completed']);
  });

  it('treats an unknown call as already hung up', async () => {
    api('https://api.twilio.com').post(`/2010-04-01/Accounts/${ACCOUNT}/Calls/${CALL_SID}.json`).reply(404, { code: 20404, message: 'not found' });

    await expect(make().hangup(CALL_SID)).resolves.toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['3', 3000],
    ['0', 0],
    ['Wed, 21 Oct 2015 07:28:05 GMT', 5000],
    ['soon', undefined],
    [undefined, undefined],
  ])('%s -> %s', (value, expected) => {
    expect(parseRetryAfter(value, Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(expected);
  });
});
