/**
 * Speech ports. Every vendor's recognition result (Twilio <Gather>, Google STT, the
 * simulator) becomes one Transcript; the vendor payload rides along in `raw`.
 */

export interface Transcript {
  /** What was understood; '' when nothing was. */
  text: string;
  /** 0..1 when the recogniser reported one. */
  confidence: number | undefined;
  /** Keypad digits, when the input was DTMF. */
  digits?: string;
  /** The vendor's own payload, kept for review and re-classification. */
  raw: unknown;
}

export interface AudioInput {
  /** The audio bytes… */
  content?: Buffer;
  /** …or where the recogniser can fetch them (e.g. gs://bucket/file.wav). */
  uri?: string;
  /** Vendor encoding name, e.g. 'MULAW', 'LINEAR16'; omit for WAV/FLAC with a header. */
  encoding?: string;
  sampleRateHertz?: number;
}

export interface TranscribeOptions {
  /** BCP-47 recognition locale, e.g. 'cmn-Hans-CN'. */
  language: string;
  /** Phrases the callee is likely to say (有, 没有, 发烧, …). */
  hints: string[];
}

export interface SpeechToText {
  transcribe(audio: AudioInput, opts: TranscribeOptions): Promise<Transcript>;
}

export interface SynthesizeOptions {
  /** Locale of the text, e.g. 'cmn-Hans-CN' or 'cmn-CN'. */
  language: string;
  /** Vendor voice name, e.g. 'cmn-CN-Standard-A'. */
  voice?: string;
}

export interface SynthesizedAudio {
  audio: Buffer;
  /** e.g. 'audio/wav' (8 kHz μ-law in a WAV container) or 'audio/mpeg'. */
  mimeType: string;
}

export interface TextToSpeech {
  synthesize(text: string, opts: SynthesizeOptions): Promise<SynthesizedAudio>;
}
