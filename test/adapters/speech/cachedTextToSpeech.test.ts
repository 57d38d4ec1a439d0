import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { audioCacheKey, cachedTextToSpeech } from '../../../src/adapters/speech/cachedTextToSpeech.js';
import type { SynthesizeOptions, SynthesizedAudio, TextToSpeech } from '../../../src/ports/speech.js';

function countingTts(mimeType = 'audio/wav'): TextToSpeech & { calls: Array<[string, SynthesizeOptions]> } {
  const calls: Array<[string, SynthesizeOptions]> = [];
  return {
    calls,
    async synthesize(text: string, opts: SynthesizeOptions): Promise<SynthesizedAudio> {
      calls.push([text, opts]);
      return { audio: Buffer.from(`audio:${opts.voice ?? ''}:${text}`), mimeType };
    },
  };
}

describe('cachedTextToSpeech', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tiwen-tts-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const opts: SynthesizeOptions = { language: 'cmn-Hans-CN', voice: 'cmn-CN-Standard-A' };

  it('renders once, then reads the file (also from a fresh instance)', async () => {
    const tts = countingTts();
    const first = await cachedTextToSpeech(tts, dir).synthesize('您好', opts);
    const second = await cachedTextToSpeech(tts, dir).synthesize('您好', opts);

    expect(tts.calls).toHaveLength(1);
    expect(second).toEqual(first);
    expect(second).toEqual({ audio: Buffer.from('audio:cmn-CN-Standard-A:您好'), mimeType: 'audio/wav' });
    const key = audioCacheKey('您好', opts);
    expect(await readdir(dir)).toEqual([`${key}.wav`]);
    expect(await readFile(path.join(dir, `${key}.wav`), 'utf8')).toBe('audio:cmn-CN-Standard-A:您好');
  });

  it('keys on text and voice', async () => {
    const tts = countingTts();
    const cache = cachedTextToSpeech(tts, dir);
    await cache.synthesize('您好', opts);
    await cache.synthesize('您好', { ...opts, voice: 'cmn-CN-Wavenet-B' });
    await cache.synthesize('再见', opts);
    await cache.synthesize('再见', opts);

    expect(tts.calls.map(([text, o]) => `${text}/${o.voice ?? ''}`)).toEqual(['您好/cmn-CN-Standard-A', '您好/cmn-CN-Wavenet-B', '再见/cmn-CN-Standard-A']);
    expect(audioCacheKey('您好', opts)).toMatch(/^[0-9a-f]{64}$/);
    expect(audioCacheKey('您好', opts)).not.toBe(audioCacheKey('您好', { ...opts, voice: 'x' }));
  });

  it('renders concurrent requests for the same text once', async () => {
    const tts = countingTts();
    const cache = cachedTextToSpeech(tts, dir);
    const results = await Promise.all([cache.synthesize('您好', opts), cache.synthesize('您好', opts), cache.synthesize('您好', opts)]);

    expect(tts.calls).toHaveLength(1);
    expect(new Set(results.map((r) => r.audio.toString()))).toEqual(new Set(['audio:cmn-CN-Standard-A:您好']));
  });

  it('keeps MP3 as .mp3 and reports cached files', async () => {
    const cache = cachedTextToSpeech(countingTts('audio/mpeg'), dir);
    expect(await cache.cachedFile('您好', opts)).toBeUndefined();
    await cache.synthesize('您好', opts);
    expect(await cache.cachedFile('您好', opts)).toEqual({ file: path.join(dir, `${audioCacheKey('您好', opts)}.mp3`), mimeType: 'audio/mpeg' });
  });
});
