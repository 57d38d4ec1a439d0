/**
 * The simulator as a Google-compatible speech endpoint: the v1 REST methods the
 * official clients call on their REST fallback (`POST /v1/speech:recognize`,
 * `POST /v1/text:synthesize`), so that `@google-cloud/speech` and
 * `@google-cloud/text-to-speech` pointed at `tiwen sim` run unchanged. The recogniser
 * recovers the words our own recordings carry (audio.ts); audio it cannot read is
 * answered like silence (no results), as Google does. Synthesis returns audio that
 * carries its text, so the simulator's resident "hears" what a <Play> says.
 */
import { wavToWords, wordsToWav } from './audio.js';
import type { RestAnswer } from './rest.js';

function googleError(status: number, code: string, message: string): RestAnswer {
  return { status, body: { error: { code: status, message, status: code } } };
}

/** Confidence when the audio carried none. */
const DEFAULT_CONFIDENCE = 0.9;

export function recognize(body: unknown): RestAnswer {
  const request = (body ?? {}) as { config?: { languageCode?: unknown }; audio?: { content?: unknown; uri?: unknown } };
  if (typeof request.config?.languageCode !== 'string' || request.config.languageCode === '') {
    return googleError(400, 'INVALID_ARGUMENT', 'Invalid recognition \'config\': missing language_code.');
  }
  if (typeof request.audio?.content !== 'string') {
    return googleError(400, 'INVALID_ARGUMENT', request.audio?.uri ? 'The simulator reads inline audio content only, not a uri.' : 'RecognitionAudio not set.');
  }
  const words = wavToWords(Buffer.from(request.audio.content, 'base64'));
  if (!words || words.text === '') return { status: 200, body: { results: [], totalBilledTime: '1s' } };
  return {
    status: 200,
    body: {
      results: [{ alternatives: [{ transcript: words.text, confidence: words.confidence ?? DEFAULT_CONFIDENCE }], languageCode: request.config.languageCode.toLowerCase() }],
      totalBilledTime: '1s',
    },
  };
}

export function synthesize(body: unknown): RestAnswer {
  const request = (body ?? {}) as { input?: { text?: unknown; ssml?: unknown }; voice?: { languageCode?: unknown } };
  const text = typeof request.input?.text === 'string' ? request.input.text : typeof request.input?.ssml === 'string' ? request.input.ssml : '';
  if (text === '') return googleError(400, 'INVALID_ARGUMENT', 'Either `input.text` or `input.ssml` is required.');
  if (typeof request.voice?.languageCode !== 'string' || request.voice.languageCode === '') {
    return googleError(400, 'INVALID_ARGUMENT', 'Voice language code is required.');
  }
  // Whatever encoding was asked, the answer is 8 kHz PCM WAV: its header says so, and a WAV is what <Play> gets.
  return { status: 200, body: { audioContent: wordsToWav({ text }).toString('base64') } };
}
