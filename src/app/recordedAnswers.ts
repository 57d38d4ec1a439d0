/**
 * Use case: a recorded answer (TIWEN_STT=google) becomes a reply for the dialogue. The
 * recording is fetched from the carrier with the account's credentials and sent to
 * speech-to-text with the phrases the question expects; a key that ended the
 * recording is the answer itself. All of it within `timeoutMs`, well inside the
 * carrier's webhook limit (Twilio: 15 s): when the carrier, the recogniser or the clock
 * fails us, the reply is silence, so the dialogue asks again (and after two re-asks
 * offers the keypad), the failure logged and counted. A call never waits in silence
 * for a recogniser that does not answer.
 */
import { questionHints } from '../core/dialogue/index.js';
import type { PromptKey } from '../core/dialogue/types.js';
import { PROMPT_KEYS } from '../core/dialogue/index.js';
import { toError, TiwenError } from '../errors.js';
import type { Logger } from '../log.js';
import type { SpeechToText } from '../ports/speech.js';
import type { RecordingStore } from '../adapters/telephony/twilio/recordings.js';
import type { Reply } from './callEvents.js';

/** What the carrier posts to a <Record> action. */
export interface RecordedAnswer {
  recordingUrl: string | undefined;
  recordingSid: string | undefined;
  durationSeconds: number | null;
  /** The key that ended the recording, if one did ('hangup' when the caller hung up). */
  digits: string | undefined;
  raw: Record<string, string>;
}

export type SttResult = 'ok' | 'keypad' | 'fetch_failed' | 'stt_failed' | 'timeout';

export interface RecordedAnswersDeps {
  recordings: RecordingStore;
  stt: SpeechToText;
  language: string;
  timeoutMs: number;
  logger: Logger;
  /** Counts each answer by result, with the time recognition took. */
  observe?: (result: SttResult, seconds: number) => void;
}

const KEYS: ReadonlySet<string> = new Set(PROMPT_KEYS);

export class RecordedAnswers {
  constructor(private readonly deps: RecordedAnswersDeps) {}

  /** The reply for turn `turn`'s recorded answer to question `key` (any string from the URL; unknown = no hints). */
  async recognise(attemptId: number, key: string | null, answer: RecordedAnswer): Promise<Reply> {
    const recording = answer.recordingUrl ? { url: answer.recordingUrl, sid: answer.recordingSid ?? null } : undefined;
    const digits = answer.digits && /^[0-9*#]$/.test(answer.digits) ? answer.digits : undefined;
    if (digits || !answer.recordingUrl) {
      this.deps.observe?.('keypad', 0);
      return { text: '', digits, raw: { carrier: answer.raw }, ...(recording ? { recording } : {}) };
    }
    const started = performance.now();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.deps.timeoutMs);
    let stage: 'fetch' | 'stt' = 'fetch';
    try {
      const work = (async () => {
        const audio = await this.deps.recordings.fetch(answer.recordingUrl!, controller.signal);
        stage = 'stt';
        const hints = key && KEYS.has(key) ? questionHints(key as PromptKey) : [];
        return this.deps.stt.transcribe({ content: audio.body }, { language: this.deps.language, hints });
      })();
      const aborted = new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(new Error(`no answer within ${this.deps.timeoutMs} ms`)), { once: true }));
      const transcript = await Promise.race([work, aborted]);
      this.deps.observe?.('ok', (performance.now() - started) / 1000);
      return { text: transcript.text, confidence: transcript.confidence, raw: { carrier: answer.raw, stt: transcript.raw }, ...(recording ? { recording } : {}) };
    } catch (err) {
      const e = toError(err);
      const result: SttResult = controller.signal.aborted ? 'timeout' : stage === 'fetch' ? 'fetch_failed' : 'stt_failed';
      this.deps.observe?.(result, (performance.now() - started) / 1000);
      this.deps.logger.warn('recorded answer not recognised; asking again', {
        attempt: attemptId,
        result,
        error: e.message,
        ...(e instanceof TiwenError && e.hint ? { fix: e.hint } : {}),
      });
      return { text: '', raw: { carrier: answer.raw, error: { result, message: e.message } }, ...(recording ? { recording } : {}) };
    } finally {
      clearTimeout(timer);
    }
  }
}
