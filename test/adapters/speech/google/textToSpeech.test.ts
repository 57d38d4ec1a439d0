import { fakeServiceAccount, nockGoogleToken, recordRequests } from '../../../helpers/google.js';
import nock from 'nock';
import { TextToSpeechClient } from '@google-cloud/text-to-speech';
import { createGoogleTextToSpeech, googleVoiceName, ttsLanguageFor } from '../../../../src/adapters/speech/google/textToSpeech.js';
import type { SynthesizeRequest, SynthesizeResponse, TtsClientLike } from '../../../../src/adapters/speech/google/textToSpeech.js';

function fakeClient(response: SynthesizeResponse): TtsClientLike & { requests: SynthesizeRequest[] } {
  const requests: SynthesizeRequest[] = [];
  return {
    requests,
    async synthesizeSpeech(request) {
      requests.push(request);
      return [response];
    },
  };
}

describe('createGoogleTextToSpeech with a fake client', () => {
  it('asks for 8 kHz mu-law in the Mandarin standard voice and returns WAV', async () => {
    const client = fakeClient({ audioContent: new Uint8Array([82, 73, 70, 70]) });

    const result = await createGoogleTextToSpeech(client).synthesize('请问您家里有人发烧吗?', { language: 'cmn-Hans-CN' });

    expect(result).toEqual({ audio: Buffer.from('RIFF'), mimeType: 'audio/wav' });
    expect(client.requests).toEqual([
      {
        input: { text: '请问您家里有人发烧吗?' },
        voice: { languageCode: 'cmn-CN', name: 'cmn-CN-Standard-A' },
        audioConfig: { audioEncoding: 'MULAW', sampleRateHertz: 8000 },
      },
    ]);
  });

  it('can produce MP3 with a named voice (Twilio-style names accepted)', async () => {
    const client = fakeClient({ audioContent: Buffer.from('ID3').toString('base64') });

    const result = await createGoogleTextToSpeech(client, { encoding: 'MP3' }).synthesize('您好', { language: 'cmn-CN', voice: 'Google.cmn-CN-Wavenet-B' });

    expect(result).toEqual({ audio: Buffer.from('ID3'), mimeType: 'audio/mpeg' });
    expect(client.requests[0]).toEqual({ input: { text: '您好' }, voice: { languageCode: 'cmn-CN', name: 'cmn-CN-Wavenet-B' }, audioConfig: { audioEncoding: 'MP3' } });
  });

  it('fails clearly on an empty answer', async () => {
    await expect(createGoogleTextToSpeech(fakeClient({ audioContent: null })).synthesize('您好', { language: 'cmn-CN' })).rejects.toThrow(/no audio/);
  });

  it.each([
    ['cmn-Hans-CN', 'cmn-CN'],
    ['zh-CN', 'cmn-CN'],
    ['cmn-CN', 'cmn-CN'],
    ['cmn-Hant-TW', 'cmn-TW'],
  ])('language %s -> %s', (from, to) => {
    expect(ttsLanguageFor(from)).toBe(to);
  });

  it('strips the Twilio prefix from voice names', () => {
    expect(googleVoiceName('Google.cmn-CN-Standard-A')).toBe('cmn-CN-Standard-A');
    expect(googleVoiceName('cmn-CN-Standard-A')).toBe('cmn-CN-Standard-A');
  });
});

describe('createGoogleTextToSpeech on the real client (REST fallback)', () => {
  let client: TextToSpeechClient | undefined;

  beforeAll(() => nock.disableNetConnect());
  afterAll(() => nock.enableNetConnect());
  afterEach(async () => {
    await client?.close();
    client = undefined;
    nock.cleanAll();
  });

  it('POSTs https://texttospeech.googleapis.com/v1/text:synthesize', async () => {
    nockGoogleToken();
    const scope = nock('https://texttospeech.googleapis.com')
      .replyContentLength()
      .post((uri) => uri.startsWith('/v1/text:synthesize'))
      .reply(200, { audioContent: Buffer.from('RIFF....WAVE').toString('base64') });
    const seen = recordRequests(scope);

    client = new TextToSpeechClient(fakeServiceAccount());
    const result = await createGoogleTextToSpeech(client as unknown as Parameters<typeof createGoogleTextToSpeech>[0]).synthesize('您好', { language: 'cmn-Hans-CN' });

    expect(scope.isDone()).toBe(true);
    expect(result).toEqual({ audio: Buffer.from('RIFF....WAVE'), mimeType: 'audio/wav' });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.path.split('?')[0]).toBe('/v1/text:synthesize');
    expect(seen[0]!.authorization).toMatch(/^Bearer \S+/);
    expect(seen[0]!.body).toMatchObject({
      input: { text: '您好' },
      voice: { languageCode: 'cmn-CN', name: 'cmn-CN-Standard-A' },
      // the REST fallback sends enums as numbers: 5 = MULAW
      audioConfig: { audioEncoding: 5, sampleRateHertz: 8000 },
    });
  });
});
