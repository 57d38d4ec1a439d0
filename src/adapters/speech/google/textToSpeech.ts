/**
 * TextToSpeech on Google Cloud Text-to-Speech v1 (text:synthesize), for pre-rendering
 * prompts that <Play> then streams. Default output is 8 kHz μ-law, which Google wraps in
 * a WAV header: the telephone's own format, so nothing is resampled on the call.
 */
import { TextToSpeechClient } from '@google-cloud/text-to-speech';
import type { SynthesizeOptions, SynthesizedAudio, TextToSpeech } from '../../../ports/speech.js';

export type TtsEncoding = 'MULAW' | 'MP3';

export interface SynthesizeRequest {
  input: { text: string };
  voice: { languageCode: string; name: string };
  audioConfig: { audioEncoding: TtsEncoding; sampleRateHertz?: number };
}

export interface SynthesizeResponse {
  audioContent?: Uint8Array | string | null;
}

/** The slice of `TextToSpeechClient` we use. */
export interface TtsClientLike {
  synthesizeSpeech(request: SynthesizeRequest): Promise<[SynthesizeResponse, ...unknown[]]>;
}

export interface GoogleTextToSpeechOptions {
  /** 'MULAW' (8 kHz, WAV container; default) or 'MP3'. */
  encoding?: TtsEncoding;
  /** Voice when the caller names none. Default 'cmn-CN-Standard-A'. */
  defaultVoice?: string;
}

export const DEFAULT_TTS_VOICE = 'cmn-CN-Standard-A';

const MIME: Record<TtsEncoding, string> = { MULAW: 'audio/wav', MP3: 'audio/mpeg' };

/** Google TTS names Mandarin 'cmn-CN'; recognition locales say 'cmn-Hans-CN'. */
export function ttsLanguageFor(language: string): string {
  const lower = language.toLowerCase();
  if (lower === 'cmn-hans-cn' || lower === 'zh-cn' || lower === 'zh') return 'cmn-CN';
  if (lower === 'cmn-hant-tw' || lower === 'zh-tw') return 'cmn-TW';
  return language;
}

/** Accepts Twilio-style names too ('Google.cmn-CN-Standard-A'). */
export function googleVoiceName(voice: string): string {
  return voice.replace(/^Google\./, '');
}

export function createGoogleTextToSpeech(client?: TtsClientLike, options: GoogleTextToSpeechOptions = {}): TextToSpeech {
  const tts: TtsClientLike = client ?? (new TextToSpeechClient({ fallback: true }) as unknown as TtsClientLike);
  const encoding = options.encoding ?? 'MULAW';
  const defaultVoice = options.defaultVoice ?? DEFAULT_TTS_VOICE;
  return {
    async synthesize(text: string, opts: SynthesizeOptions): Promise<SynthesizedAudio> {
      const request: SynthesizeRequest = {
        input: { text },
        voice: { languageCode: ttsLanguageFor(opts.language), name: googleVoiceName(opts.voice ?? defaultVoice) },
        audioConfig: encoding === 'MULAW' ? { audioEncoding: 'MULAW', sampleRateHertz: 8000 } : { audioEncoding: 'MP3' },
      };
      const [response] = await tts.synthesizeSpeech(request);
      const content = response.audioContent;
      if (content === undefined || content === null || content.length === 0) throw new Error('Google TTS returned no audio');
      const audio = typeof content === 'string' ? Buffer.from(content, 'base64') : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
      return { audio, mimeType: MIME[encoding] };
    },
  };
}
