/**
 * SpeechToText on Google Cloud Speech-to-Text v1 (speech:recognize).
 *
 * The client is described structurally, so tests hand in a plain object. Without one we
 * build the official client with `fallback: true`: REST over HTTP/1.1 instead of gRPC,
 * which passes ordinary HTTP proxies.
 */
import { SpeechClient } from '@google-cloud/speech';
import type { AudioInput, SpeechToText, TranscribeOptions, Transcript } from '../../../ports/speech.js';

export interface RecognizeAlternative {
  transcript?: string | null;
  confidence?: number | null;
}

export interface RecognizeResponse {
  results?: Array<{ alternatives?: RecognizeAlternative[] | null }> | null;
}

/** The slice of `SpeechClient` we use. */
export interface SpeechClientLike {
  recognize(request: RecognizeRequest): Promise<[RecognizeResponse, ...unknown[]]>;
}

export interface RecognizeRequest {
  config: {
    encoding?: string;
    sampleRateHertz?: number;
    languageCode: string;
    speechContexts: Array<{ phrases: string[] }>;
    model: string;
    useEnhanced: boolean;
    maxAlternatives: number;
    profanityFilter: boolean;
  };
  audio: { content: Buffer } | { uri: string };
}

export interface GoogleSpeechToTextOptions {
  /**
   * Recognition model. 'phone_call' (with useEnhanced) is the v1 model for 8 kHz call
   * audio; Google falls back to the standard variant where no enhanced one exists.
   */
  model?: string;
  useEnhanced?: boolean;
}

/** Maps Google's response to a Transcript: the most confident alternative of each result, joined. */
export function toTranscript(response: RecognizeResponse): Transcript {
  const texts: string[] = [];
  const confidences: number[] = [];
  for (const result of response.results ?? []) {
    let best: RecognizeAlternative | undefined;
    for (const alternative of result.alternatives ?? []) {
      if (best === undefined || (alternative.confidence ?? 0) > (best.confidence ?? 0)) best = alternative;
    }
    const text = best?.transcript?.trim();
    if (!best || !text) continue;
    texts.push(text);
    // 0 is Google's "not set"
    if (typeof best.confidence === 'number' && best.confidence > 0) confidences.push(best.confidence);
  }
  const confidence = confidences.length > 0 ? confidences.reduce((a, b) => a + b, 0) / confidences.length : undefined;
  return { text: texts.join(''), confidence, raw: response };
}

export function createGoogleSpeechToText(client?: SpeechClientLike, options: GoogleSpeechToTextOptions = {}): SpeechToText {
  const speech: SpeechClientLike = client ?? (new SpeechClient({ fallback: true }) as unknown as SpeechClientLike);
  const model = options.model ?? 'phone_call';
  const useEnhanced = options.useEnhanced ?? true;
  return {
    async transcribe(audio: AudioInput, opts: TranscribeOptions): Promise<Transcript> {
      let source: RecognizeRequest['audio'];
      if (audio.content) source = { content: audio.content };
      else if (audio.uri) source = { uri: audio.uri };
      else throw new Error('transcribe needs audio content or a uri');
      const request: RecognizeRequest = {
        config: {
          ...(audio.encoding ? { encoding: audio.encoding } : {}),
          ...(audio.sampleRateHertz ? { sampleRateHertz: audio.sampleRateHertz } : {}),
          languageCode: opts.language,
          speechContexts: [{ phrases: opts.hints }],
          model,
          useEnhanced,
          maxAlternatives: 1,
          profanityFilter: false,
        },
        audio: source,
      };
      const [response] = await speech.recognize(request);
      return toTranscript(response);
    },
  };
}
