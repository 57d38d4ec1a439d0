/**
 * Caches synthesized prompts on disk by content hash, so each distinct prompt is paid
 * for once, survives restarts, and can be served as a static file to <Play>.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SynthesizeOptions, SynthesizedAudio, TextToSpeech } from '../../ports/speech.js';

const EXTENSIONS: ReadonlyArray<readonly [string, string]> = [
  ['audio/wav', 'wav'],
  ['audio/mpeg', 'mp3'],
  ['audio/ogg', 'ogg'],
];

/**
 * The cache key: sha256 over language, voice, text and the output encoding (the
 * same words in another encoding are another file).
 */
export function audioCacheKey(text: string, opts: SynthesizeOptions, encoding = ''): string {
  return createHash('sha256')
    .update(JSON.stringify([opts.language, opts.voice ?? '', text, encoding]))
    .digest('hex');
}

export interface CachedTextToSpeech extends TextToSpeech {
  /** Path of the cached file for a text, if it has been rendered. */
  cachedFile(text: string, opts: SynthesizeOptions): Promise<{ file: string; mimeType: string } | undefined>;
}

/** `encoding` names the underlying synthesizer's output format (e.g. 'MULAW'); it is part of the key. */
export function cachedTextToSpeech(tts: TextToSpeech, dir: string, encoding = ''): CachedTextToSpeech {
  const inFlight = new Map<string, Promise<SynthesizedAudio>>();

  async function lookup(key: string): Promise<{ file: string; mimeType: string; audio: Buffer } | undefined> {
    for (const [mimeType, ext] of EXTENSIONS) {
      const file = path.join(dir, `${key}.${ext}`);
      try {
        return { file, mimeType, audio: await readFile(file) };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    return undefined;
  }

  async function render(key: string, text: string, opts: SynthesizeOptions): Promise<SynthesizedAudio> {
    const hit = await lookup(key);
    if (hit) return { audio: hit.audio, mimeType: hit.mimeType };
    const result = await tts.synthesize(text, opts);
    const ext = EXTENSIONS.find(([mime]) => mime === result.mimeType)?.[1];
    if (ext === undefined) return result; // a type we could not name on disk: not cached
    await mkdir(dir, { recursive: true });
    // write then rename: readers (other processes too) never see half a file
    const tmp = path.join(dir, `.${key}.${randomUUID()}.tmp`);
    await writeFile(tmp, result.audio);
    await rename(tmp, path.join(dir, `${key}.${ext}`));
    return result;
  }

  return {
    synthesize(text: string, opts: SynthesizeOptions): Promise<SynthesizedAudio> {
      const key = audioCacheKey(text, opts, encoding);
      let pending = inFlight.get(key);
      if (!pending) {
        pending = render(key, text, opts).finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      return pending;
    },
    async cachedFile(text: string, opts: SynthesizeOptions) {
      const hit = await lookup(audioCacheKey(text, opts, encoding));
      return hit ? { file: hit.file, mimeType: hit.mimeType } : undefined;
    },
  };
}
