/**
 * Wiring of the speech paths from the settings: recorded answers through Google
 * Speech-to-Text (TIWEN_STT=google) and prompt audio through Google Text-to-Speech
 * (TIWEN_TTS=google). Part of the composition root (runtime.ts); tests hand in their
 * own speech services through `overrides`.
 */
import path from 'node:path';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Prompts } from '../core/dialogue/types.js';
import type { SpeechToText, TextToSpeech } from '../ports/speech.js';
import type { Metrics } from '../http/metrics.js';
import { createSpeechClient, createTtsClient } from '../adapters/speech/google/clients.js';
import { createGoogleSpeechToText, type SpeechClientLike } from '../adapters/speech/google/speechToText.js';
import { createGoogleTextToSpeech, ttsLanguageFor, type TtsClientLike } from '../adapters/speech/google/textToSpeech.js';
import { createRecordingStore, type RecordingStore } from '../adapters/telephony/twilio/recordings.js';
import { PromptAudio } from './promptAudio.js';
import { RecordedAnswers } from './recordedAnswers.js';

export interface SpeechOverrides {
  stt?: SpeechToText;
  tts?: TextToSpeech;
  recordings?: RecordingStore;
}

export interface SpeechServices {
  recordedAnswers: RecordedAnswers | undefined;
  promptAudio: PromptAudio | undefined;
  close(): Promise<void>;
}

/** The prompts' encoding: 8 kHz μ-law, the telephone's own (nothing is resampled on the call). */
const TTS_ENCODING = 'MULAW';

export function setupSpeech(o: {
  config: Config;
  logger: Logger;
  prompts: Prompts;
  publicBaseUrl: string;
  metrics: Metrics;
  /** The webhook key: with the carrier's account id, the recordings' credentials. */
  authToken: string;
  carrier?: { accountSid: string; apiBaseUrl?: string | undefined };
  overrides?: SpeechOverrides;
}): SpeechServices {
  const { config, metrics } = o;
  const closers: Array<() => Promise<void>> = [];
  let recordedAnswers: RecordedAnswers | undefined;
  if (config.speech.stt === 'google') {
    let stt = o.overrides?.stt;
    if (!stt) {
      const client = createSpeechClient(config.google, config.google.speechEndpoint);
      closers.push(() => client.close());
      stt = createGoogleSpeechToText(client as unknown as SpeechClientLike);
    }
    const recordings =
      o.overrides?.recordings ??
      createRecordingStore({
        accountSid: o.carrier?.accountSid ?? config.twilio.accountSid ?? '',
        authToken: o.authToken,
        ...(o.carrier?.apiBaseUrl ? { apiBaseUrl: o.carrier.apiBaseUrl } : {}),
      });
    recordedAnswers = new RecordedAnswers({
      recordings,
      stt,
      language: config.speech.language,
      timeoutMs: config.speech.sttTimeoutMs,
      logger: o.logger,
      observe: (result, seconds) => {
        metrics.sttRequests.inc({ result });
        if (result !== 'keypad') metrics.sttSeconds.observe(seconds);
      },
    });
  }
  let promptAudio: PromptAudio | undefined;
  if (config.speech.tts === 'google') {
    let tts = o.overrides?.tts;
    if (!tts) {
      const client = createTtsClient(config.google, config.google.ttsEndpoint);
      closers.push(() => client.close());
      tts = createGoogleTextToSpeech(client as unknown as TtsClientLike, { encoding: TTS_ENCODING, defaultVoice: config.speech.ttsVoice });
    }
    promptAudio = new PromptAudio({
      tts,
      dir: path.resolve(config.dataDir, 'tts'),
      encoding: TTS_ENCODING,
      synthesize: { language: ttsLanguageFor(config.speech.language), voice: config.speech.ttsVoice },
      prompts: o.prompts,
      publicBaseUrl: o.publicBaseUrl,
      logger: o.logger,
      observe: (result) => metrics.ttsSyntheses.inc({ result }),
    });
  }
  return {
    recordedAnswers,
    promptAudio,
    close: async () => {
      await Promise.all(closers.map((c) => c().catch(() => undefined)));
    },
  };
}
