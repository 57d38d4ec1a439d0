/** Recording audio from the carrier: Basic auth with the account, `.wav`, bounded retries, clear errors. */
import nock from 'nock';
import { createRecordingStore, RecordingFetchError } from '../../../../src/adapters/telephony/twilio/recordings.js';

const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'secret-token';
const BASIC = 'Basic ' + Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64');
const PATH = `/2010-04-01/Accounts/${ACCOUNT}/Recordings/RE0123`;
const URL_ = `https://api.twilio.com${PATH}`;

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => nock.cleanAll());

const store = (o: { apiBaseUrl?: string } = {}) => createRecordingStore({ accountSid: ACCOUNT, authToken: TOKEN, retryBaseMs: 1, ...o });

describe('recording store', () => {
  test('fetches the WAV with the account credentials', async () => {
    const scope = nock('https://api.twilio.com', { reqheaders: { authorization: BASIC } }).get(`${PATH}.wav`).reply(200, Buffer.from('RIFFdata'), { 'Content-Type': 'audio/x-wav' });
    const audio = await store().fetch(URL_);
    expect(scope.isDone()).toBe(true);
    expect(audio).toEqual({ contentType: 'audio/x-wav', body: Buffer.from('RIFFdata') });
  });

  test('a recording not there yet (404 right after the call) is fetched again', async () => {
    nock('https://api.twilio.com').get(`${PATH}.wav`).reply(404, { code: 20404 }).get(`${PATH}.wav`).reply(200, Buffer.from('RIFF'), { 'Content-Type': 'audio/x-wav' });
    expect((await store().fetch(URL_)).body.toString()).toBe('RIFF');
  });

  test('credentials refused: tried a bounded number of times, then a clear error naming the fix', async () => {
    const scope = nock('https://api.twilio.com').get(`${PATH}.wav`).times(3).reply(401, { code: 20003, message: 'Authenticate' });
    const err = await store()
      .fetch(URL_)
      .catch((e: unknown) => e);
    expect(scope.isDone()).toBe(true);
    expect(err).toBeInstanceOf(RecordingFetchError);
    expect(err).toMatchObject({ httpStatus: 401, message: expect.stringMatching(/HTTP 401/), hint: expect.stringMatching(/TWILIO_AUTH_TOKEN/) });
  });

  test('TWILIO_API_BASE_URL applies to recordings too; DELETE removes one, an unknown one is already gone', async () => {
    const scope = nock('http://proxy.example:8080')
      .get(`/twilio${PATH}.wav`)
      .reply(200, Buffer.from('RIFF'), { 'Content-Type': 'audio/x-wav' })
      .delete(`/twilio${PATH}.json`)
      .reply(204)
      .delete(`/twilio${PATH}.json`)
      .reply(404, { code: 20404 });
    const s = store({ apiBaseUrl: 'http://proxy.example:8080/twilio' });
    await s.fetch(URL_);
    await s.delete(URL_);
    await s.delete(URL_);
    expect(scope.isDone()).toBe(true);
  });

  test('a delete the carrier refuses is an error', async () => {
    nock('https://api.twilio.com').delete(`${PATH}.json`).reply(403, { code: 20403 });
    await expect(store().delete(URL_)).rejects.toMatchObject({ httpStatus: 403 });
  });
});
