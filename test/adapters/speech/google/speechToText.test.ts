import { fakeServiceAccount, nockGoogleToken, recordRequests } from '../../../helpers/google.js';
import nock from 'nock';
import { SpeechClient } from '@google-cloud/speech';
import { createGoogleSpeechToText, toTranscript } from '../../../../src/adapters/speech/google/speechToText.js';
import type { RecognizeRequest, RecognizeResponse, SpeechClientLike } from '../../../../src/adapters/speech/google/speechToText.js';

function fakeClient(response: RecognizeResponse): SpeechClientLike & { requests: RecognizeRequest[] } {
  const requests: RecognizeRequest[] = [];
  return {
    requests,
    async recognize(request) {
      requests.push(request);
      return [response];
    },
  };
}

describe('toTranscript', () => {
  it.each<[string, RecognizeResponse, { text: string; confidence: number | undefined }]>([
    ['no results', {}, { text: '', confidence: undefined }],
    ['empty results', { results: [] }, { text: '', confidence: undefined }],
    ['result without alternatives', { results: [{ alternatives: [] }] }, { text: '', confidence: undefined }],
    ['one alternative', { results: [{ alternatives: [{ transcript: '没有', confidence: 0.93 }] }] }, { text: '没有', confidence: 0.93 }],
    [
      'the most confident alternative wins',
      { results: [{ alternatives: [{ transcript: '有要', confidence: 0.41 }, { transcript: '有', confidence: 0.87 }, { transcript: '又', confidence: 0.2 }] }] },
      { text: '有', confidence: 0.87 },
    ],
    ['confidence 0 means unset', { results: [{ alternatives: [{ transcript: '没有', confidence: 0 }] }] }, { text: '没有', confidence: undefined }],
    [
      'consecutive results are joined, confidences averaged',
      { results: [{ alternatives: [{ transcript: '有 ', confidence: 0.9 }] }, { alternatives: [{ transcript: '三十八度五', confidence: 0.7 }] }] },
      { text: '有三十八度五', confidence: 0.8 },
    ],
  ])('%s', (_name, response, expected) => {
    const transcript = toTranscript(response);
    expect({ text: transcript.text, confidence: transcript.confidence === undefined ? undefined : Number(transcript.confidence.toFixed(6)) }).toEqual(expected);
    expect(transcript.raw).toBe(response);
  });
});

describe('createGoogleSpeechToText with a fake client', () => {
  it('sends the telephony request and maps the answer', async () => {
    const client = fakeClient({ results: [{ alternatives: [{ transcript: '没有人发烧', confidence: 0.91 }] }] });
    const stt = createGoogleSpeechToText(client);
    const content = Buffer.from([0xff, 0x7f, 0x00]);

    const transcript = await stt.transcribe({ content, encoding: 'MULAW', sampleRateHertz: 8000 }, { language: 'cmn-Hans-CN', hints: ['有', '没有'] });

    expect(transcript).toMatchObject({ text: '没有人发烧', confidence: 0.91 });
    expect(client.requests).toEqual([
      {
        config: {
          encoding: 'MULAW',
          sampleRateHertz: 8000,
          languageCode: 'cmn-Hans-CN',
          speechContexts: [{ phrases: ['有', '没有'] }],
          model: 'phone_call',
          useEnhanced: true,
          maxAlternatives: 1,
          profanityFilter: false,
        },
        audio: { content },
      },
    ]);
  });

  it('passes a uri and lets a WAV header speak for the encoding', async () => {
    const client = fakeClient({});
    const transcript = await createGoogleSpeechToText(client, { model: 'default', useEnhanced: false }).transcribe(
      { uri: 'gs://tiwen/rec.wav' },
      { language: 'cmn-Hans-CN', hints: [] },
    );
    expect(transcript.text).toBe('');
    expect(client.requests[0]).toEqual({
      config: { languageCode: 'cmn-Hans-CN', speechContexts: [{ phrases: [] }], model: 'default', useEnhanced: false, maxAlternatives: 1, profanityFilter: false },
      audio: { uri: 'gs://tiwen/rec.wav' },
    });
  });

  it('refuses audio without content or uri', async () => {
    await expect(createGoogleSpeechToText(fakeClient({})).transcribe({}, { language: 'cmn-Hans-CN', hints: [] })).rejects.toThrow(/content or a uri/);
  });
});

describe('createGoogleSpeechToText on the real client (REST fallback)', () => {
  let client: SpeechClient | undefined;

  beforeAll(() => nock.disableNetConnect());
  afterAll(() => nock.enableNetConnect());
  afterEach(async () => {
    await client?.close();
    client = undefined;
    nock.cleanAll();
  });

  it('POSTs https://speech.googleapis.com/v1/speech:recognize', async () => {
    nockGoogleToken();
    const scope = nock('https://speech.googleapis.com')
      .replyContentLength()
      .post((uri) => uri.startsWith('/v1/speech:recognize'))
      // a Buffer body: replyContentLength() counts a string's characters, not its UTF-8 bytes
      .reply(200, Buffer.from(JSON.stringify({ results: [{ alternatives: [{ transcript: '有,三十八度', confidence: 0.82 }] }] })), {
        'Content-Type': 'application/json',
      });
    const seen = recordRequests(scope);

    client = new SpeechClient(fakeServiceAccount());
    const transcript = await createGoogleSpeechToText(client as unknown as Parameters<typeof createGoogleSpeechToText>[0]).transcribe(
      { content: Buffer.from('abc'), encoding: 'MULAW', sampleRateHertz: 8000 },
      { language: 'cmn-Hans-CN', hints: ['有', '没有'] },
    );

    expect(scope.isDone()).toBe(true);
    expect(transcript).toMatchObject({ text: '有,三十八度', confidence: 0.82 });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.path.split('?')[0]).toBe('/v1/speech:recognize');
    expect(seen[0]!.authorization).toMatch(/^Bearer \S+/);
    expect(seen[0]!.body).toMatchObject({
      config: {
        // the REST fallback sends enums as numbers: 3 = MULAW
        encoding: 3,
        sampleRateHertz: 8000,
        languageCode: 'cmn-Hans-CN',
        speechContexts: [{ phrases: ['有', '没有'] }],
        model: 'phone_call',
        useEnhanced: true,
      },
      audio: { content: Buffer.from('abc').toString('base64') },
    });
  });
});
