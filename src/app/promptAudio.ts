/**
 * Use case: the robot's prompts as synthesized audio (TIWEN_TTS=google). Every prompt,
 * its placeholders filled in, is synthesized once, kept on disk by a hash of text,
 * voice and encoding (cachedTextToSpeech), and served by our server under /audio/ for
 * the carrier's <Play>.
 *
 * No call waits for synthesis: a round's fixed prompts (greeting with the office name,
 * questions, closings) are warmed when the round's calls are first claimed, and a
 * prompt whose audio is not ready yet — one with a temperature or a call-back time in
 * it, or while Google is failing — is spoken with <Say> this time while its audio is
 * made for the next call. A failed synthesis is tried again after a pause, not on
 * every call.
 */
import path from 'node:path';
import { PROMPT_KEYS, placeholdersOf, renderPrompt } from '../core/dialogue/index.js';
import type { Prompts } from '../core/dialogue/types.js';
import { toError } from '../errors.js';
import type { Logger } from '../log.js';
import type { SynthesizeOptions, TextToSpeech } from '../ports/speech.js';
import { cachedTextToSpeech, type CachedTextToSpeech } from '../adapters/speech/cachedTextToSpeech.js';

/** Where the audio is served, under our public base URL. */
export const AUDIO_PREFIX = '/audio/';
const FILE_NAME = /^[0-9a-f]{64}\.(wav|mp3)$/;
/** After a failed synthesis, <Say> is used for this long before the text is tried again. */
const RETRY_AFTER_MS = 60_000;

export interface PromptAudioDeps {
  tts: TextToSpeech;
  /** Cache folder (TIWEN_DATA_DIR/tts). Several servers share prompts when it is shared storage. */
  dir: string;
  /** Output encoding of `tts`, part of the cache key. */
  encoding: string;
  synthesize: SynthesizeOptions;
  prompts: Prompts;
  publicBaseUrl: string;
  logger: Logger;
  /** Counts each synthesis the cache could not answer (ok / failed). */
  observe?: (result: 'ok' | 'failed') => void;
}

export class PromptAudio {
  private readonly cache: CachedTextToSpeech;
  /** Text -> served file name, once its audio is on disk. */
  private readonly ready = new Map<string, string>();
  private readonly preparing = new Map<string, Promise<void>>();
  private readonly failedAt = new Map<string, number>();
  private readonly base: string;
  /** Syntheses that reached the synthesizer (cache misses), since start. */
  syntheses = 0;

  constructor(private readonly deps: PromptAudioDeps) {
    const counting: TextToSpeech = {
      synthesize: async (text, opts) => {
        this.syntheses++;
        try {
          const audio = await deps.tts.synthesize(text, opts);
          deps.observe?.('ok');
          return audio;
        } catch (err) {
          deps.observe?.('failed');
          throw err;
        }
      },
    };
    this.cache = cachedTextToSpeech(counting, deps.dir, deps.encoding);
    this.base = deps.publicBaseUrl.replace(/\/+$/, '') + AUDIO_PREFIX;
  }

  /** The fixed prompts of a round of `officeName` (those with no per-call placeholder). */
  roundTexts(officeName: string): string[] {
    const texts = new Set<string>();
    for (const key of PROMPT_KEYS) {
      const template = this.deps.prompts[key];
      if (placeholdersOf(template).every((p) => p === 'office')) texts.add(renderPrompt(template, { office: officeName }));
    }
    return [...texts];
  }

  /**
   * Makes the round's fixed prompts ready (synthesizing those not on disk, retrying
   * those that failed before: a round start is worth a new try); never rejects.
   */
  async warm(officeName: string): Promise<{ texts: number; ready: number }> {
    const texts = this.roundTexts(officeName);
    await Promise.all(texts.map((t) => this.prepare(t, true)));
    return { texts: texts.length, ready: texts.filter((t) => this.ready.has(t)).length };
  }

  /** The URL to <Play> for `text`, or undefined (speak it with <Say>) while its audio is not ready. */
  urlFor(text: string): string | undefined {
    const name = this.ready.get(text);
    if (name) return this.base + name;
    void this.prepare(text);
    return undefined;
  }

  /** The file behind a served name, or undefined when the name is not one of ours. */
  file(name: string): { file: string; mimeType: string } | undefined {
    if (!FILE_NAME.test(name)) return undefined;
    return { file: path.join(this.deps.dir, name), mimeType: name.endsWith('.mp3') ? 'audio/mpeg' : 'audio/wav' };
  }

  private prepare(text: string, retryNow = false): Promise<void> {
    if (this.ready.has(text)) return Promise.resolve();
    const failed = this.failedAt.get(text);
    if (!retryNow && failed !== undefined && Date.now() - failed < RETRY_AFTER_MS) return Promise.resolve();
    let pending = this.preparing.get(text);
    if (!pending) {
      pending = (async () => {
        try {
          await this.cache.synthesize(text, this.deps.synthesize);
          const hit = await this.cache.cachedFile(text, this.deps.synthesize);
          if (hit) {
            this.ready.set(text, path.basename(hit.file));
            this.failedAt.delete(text);
          }
        } catch (err) {
          this.failedAt.set(text, Date.now());
          this.deps.logger.warn('prompt synthesis failed; the prompt is spoken with <Say>', { text, error: toError(err).message });
        } finally {
          this.preparing.delete(text);
        }
      })();
      this.preparing.set(text, pending);
    }
    return pending;
  }
}
