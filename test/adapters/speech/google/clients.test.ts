/** The official Google clients built from our settings: credentials file, project, endpoints. */
import nock from 'nock';
import { createSpeechClient, createTtsClient, googleClientOptions } from '../../../../src/adapters/speech/google/clients.js';
import { createGoogleSpeechToText, type SpeechClientLike } from '../../../../src/adapters/speech/google/speechToText.js';
import { createGoogleTextToSpeech, type TtsClientLike } from '../../../../src/adapters/speech/google/textToSpeech.js';
import { fakeServiceAccount, nockGoogleToken, recordRequests } from '../../../helpers/google.js';
import { tempDir } from '../../../helpers/files.js';

const tmp = tempDir();
beforeAll(() => nock.disableNetConnect());
afterAll(() => {
  nock.enableNetConnect();
  tmp.cleanup();
});
afterEach(() => nock.cleanAll());

function keyFile(): string {
  const sa = fakeServiceAccount();
  return tmp.file(`key-${Math.random()}.json`, JSON.stringify({ type: 'service_account', project_id: 'tiwen-p', client_email: sa.credentials.client_email, private_key: sa.credentials.private_key }));
}

describe('googleClientOptions', () => {
  test('Google\'s conventions: the key file and the project; Google\'s endpoint by default', () => {
    expect(googleClientOptions({ credentialsFile: '/k.json', projectId: 'p' }, undefined, 'X')).toEqual({ fallback: true, keyFilename: '/k.json', projectId: 'p' });
  });

  test('a regional endpoint keeps https and real credentials', () => {
    expect(googleClientOptions({}, 'eu-speech.googleapis.com', 'X')).toEqual({ fallback: true, apiEndpoint: 'eu-speech.googleapis.com', protocol: 'https', port: 443 });
  });

  test('a compatible server over http gets a fixed bearer token unless a key file is set', () => {
    const o = googleClientOptions({}, 'http://127.0.0.1:8089', 'X');
    expect(o).toMatchObject({ apiEndpoint: '127.0.0.1', protocol: 'http', port: 8089 });
    expect(o.authClient).toBeDefined();
    expect(googleClientOptions({ credentialsFile: '/k.json' }, 'http://127.0.0.1:8089', 'X').authClient).toBeUndefined();
  });

  test('a bad endpoint names the setting', () => {
    expect(() => googleClientOptions({}, 'http://', 'TIWEN_GOOGLE_SPEECH_ENDPOINT')).toThrow(/TIWEN_GOOGLE_SPEECH_ENDPOINT="http:\/\/" is not a host name or URL/);
    expect(() => googleClientOptions({}, 'ftp://x', 'TIWEN_GOOGLE_TTS_ENDPOINT')).toThrow(/only http and https/);
  });
});

describe('the clients on the wire', () => {
  test('speech:recognize at a regional endpoint, signed with the key file\'s service account', async () => {
    nockGoogleToken();
    const scope = nock('https://eu-speech.googleapis.com')
      .post((uri) => uri.startsWith('/v1/speech:recognize'))
      .reply(200, Buffer.from(JSON.stringify({ results: [{ alternatives: [{ transcript: '没有', confidence: 0.9 }] }] })), { 'Content-Type': 'application/json' });
    const seen = recordRequests(scope);
    const client = createSpeechClient({ credentialsFile: keyFile() }, 'eu-speech.googleapis.com');
    const t = await createGoogleSpeechToText(client as unknown as SpeechClientLike).transcribe({ content: Buffer.from('RIFF') }, { language: 'cmn-Hans-CN', hints: ['有'] });
    await client.close();
    expect(t.text).toBe('没有');
    expect(seen[0]!.authorization).toMatch(/^Bearer \S+/);
    expect(seen[0]!.body).toMatchObject({ config: { languageCode: 'cmn-Hans-CN', model: 'phone_call', useEnhanced: true, speechContexts: [{ phrases: ['有'] }] } });
  });

  test('text:synthesize at a compatible http endpoint, MULAW at 8 kHz with a cmn-CN voice', async () => {
    const scope = nock('http://127.0.0.1:18089')
      .post((uri) => uri.startsWith('/v1/text:synthesize'))
      .reply(200, Buffer.from(JSON.stringify({ audioContent: Buffer.from('RIFFaudio').toString('base64') })), { 'Content-Type': 'application/json' });
    const seen = recordRequests(scope);
    const client = createTtsClient({}, 'http://127.0.0.1:18089');
    const audio = await createGoogleTextToSpeech(client as unknown as TtsClientLike, { defaultVoice: 'cmn-CN-Wavenet-B' }).synthesize('您好', { language: 'cmn-Hans-CN' });
    await client.close();
    expect(audio).toEqual({ audio: Buffer.from('RIFFaudio'), mimeType: 'audio/wav' });
    expect(seen[0]!.authorization).toBe('Bearer tiwen-compatible-endpoint');
    expect(seen[0]!.body).toMatchObject({ input: { text: '您好' }, voice: { languageCode: 'cmn-CN', name: 'cmn-CN-Wavenet-B' }, audioConfig: { sampleRateHertz: 8000 } });
  });
});
