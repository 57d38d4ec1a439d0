/**
 * Prompt audio for the carrier's <Play> (GET /audio/<sha256>.wav): files of the TTS
 * cache, immutable by construction (the name is the hash of what they say), so the
 * carrier may cache them for good. Names that are not a cache file's are a 404.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AUDIO_PREFIX, type PromptAudio } from '../app/promptAudio.js';

export function audioHandler(audio: Pick<PromptAudio, 'file'>): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const name = (req.url ?? '').slice(AUDIO_PREFIX.length).split('?')[0]!;
    const found = audio.file(name);
    const notFound = () => {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('No such prompt audio');
    };
    if (!found || (req.method !== 'GET' && req.method !== 'HEAD')) return notFound();
    stat(found.file).then(
      (s) => {
        res.writeHead(200, { 'Content-Type': found.mimeType, 'Content-Length': s.size, 'Cache-Control': 'public, max-age=31536000, immutable' });
        if (req.method === 'HEAD') return res.end();
        createReadStream(found.file).on('error', () => res.destroy()).pipe(res);
      },
      () => notFound(),
    );
  };
}
