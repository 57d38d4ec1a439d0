/**
 * Real telephone audio that carries its words: 8 kHz 16-bit mono PCM WAV in which a
 * short text is modulated as two-tone FSK (1 kHz = 0, 2 kHz = 1, 5 ms a bit, like an
 * old modem). The simulator serves it behind every RecordingUrl (what the resident
 * said) and as synthesized speech from its Google-compatible endpoint (what the robot
 * says); its recogniser and its "ear" for <Play> demodulate it. Any other audio
 * (real speech, a broken file) decodes to null: it carries no words we can recover.
 */

const SAMPLE_RATE = 8000;
/** 40 samples = 5 ms a bit: five cycles of the low tone, ten of the high one. */
const SAMPLES_PER_BIT = 40;
const LOW_HZ = 1000;
const HIGH_HZ = 2000;
const AMPLITUDE = 12000;
/** Leading and trailing silence (as a caller's recording has), 100 ms. */
const SILENCE_SAMPLES = 800;
/** A marker byte before the length, so that arbitrary audio is not read as a message. */
const MAGIC = 0xa5;
const SILENT = 200;

export interface SpokenWords {
  text: string;
  /** Recogniser confidence the simulator reports for these words. */
  confidence?: number;
}

function wavHeader(dataBytes: number): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(SAMPLE_RATE, 24);
  h.writeUInt32LE(SAMPLE_RATE * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

/** A WAV file of `seconds` of silence (an empty recording). */
export function silenceWav(seconds = 0.2): Buffer {
  const bytes = Math.round(seconds * SAMPLE_RATE) * 2;
  return Buffer.concat([wavHeader(bytes), Buffer.alloc(bytes)]);
}

/** Encodes words as FSK audio in a WAV file. */
export function wordsToWav(words: SpokenWords): Buffer {
  const payload = Buffer.from(JSON.stringify(words.confidence === undefined ? { t: words.text } : { t: words.text, c: words.confidence }), 'utf8');
  const frame = Buffer.concat([Buffer.from([MAGIC, payload.length >> 8, payload.length & 0xff]), payload]);
  const bits = frame.length * 8;
  const samples = new Int16Array(SILENCE_SAMPLES * 2 + bits * SAMPLES_PER_BIT);
  let phase = 0;
  let at = SILENCE_SAMPLES;
  for (let i = 0; i < bits; i++) {
    const bit = (frame[i >> 3]! >> (7 - (i & 7))) & 1;
    const step = (2 * Math.PI * (bit ? HIGH_HZ : LOW_HZ)) / SAMPLE_RATE;
    for (let s = 0; s < SAMPLES_PER_BIT; s++) {
      // phase-continuous, starting off zero so the first sample is not silent
      samples[at++] = Math.round(AMPLITUDE * Math.sin(phase + Math.PI / 4));
      phase += step;
    }
  }
  const data = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  return Buffer.concat([wavHeader(data.length), data]);
}

/** The PCM samples of a 16-bit mono WAV file, or null when it is not one. */
export function wavSamples(wav: Buffer): Int16Array | null {
  if (wav.length < 44 || wav.toString('ascii', 0, 4) !== 'RIFF' || wav.toString('ascii', 8, 12) !== 'WAVE') return null;
  let offset = 12;
  let pcm16 = false;
  while (offset + 8 <= wav.length) {
    const id = wav.toString('ascii', offset, offset + 4);
    const size = wav.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') pcm16 = wav.readUInt16LE(body) === 1 && wav.readUInt16LE(body + 2) === 1 && wav.readUInt16LE(body + 14) === 16;
    if (id === 'data') {
      if (!pcm16) return null;
      const end = Math.min(wav.length, body + size) & ~1;
      const copy = Buffer.from(wav.subarray(body, end));
      return new Int16Array(copy.buffer, copy.byteOffset, copy.byteLength / 2);
    }
    offset = body + size + (size & 1);
  }
  return null;
}

/** Energy of one tone over one bit window (a single-bin DFT). */
function energy(samples: Int16Array, start: number, hz: number): number {
  let re = 0;
  let im = 0;
  const w = (2 * Math.PI * hz) / SAMPLE_RATE;
  for (let i = 0; i < SAMPLES_PER_BIT; i++) {
    const s = samples[start + i] ?? 0;
    re += s * Math.cos(w * i);
    im += s * Math.sin(w * i);
  }
  return re * re + im * im;
}

function readBytes(samples: Int16Array, start: number, count: number): Buffer | null {
  if (start + count * 8 * SAMPLES_PER_BIT > samples.length) return null;
  const out = Buffer.alloc(count);
  for (let b = 0; b < count * 8; b++) {
    const at = start + b * SAMPLES_PER_BIT;
    if (energy(samples, at, HIGH_HZ) > energy(samples, at, LOW_HZ)) out[b >> 3]! |= 1 << (7 - (b & 7));
  }
  return out;
}

/** The words carried by a WAV file made by wordsToWav, or null for any other audio. */
export function wavToWords(wav: Buffer): SpokenWords | null {
  const samples = wavSamples(wav);
  if (!samples) return null;
  let start = 0;
  while (start < samples.length && Math.abs(samples[start]!) < SILENT) start++;
  const head = readBytes(samples, start, 3);
  if (!head || head[0] !== MAGIC) return null;
  const length = (head[1]! << 8) | head[2]!;
  const payload = readBytes(samples, start + 3 * 8 * SAMPLES_PER_BIT, length);
  if (!payload) return null;
  try {
    const parsed = JSON.parse(payload.toString('utf8')) as { t?: unknown; c?: unknown };
    if (typeof parsed.t !== 'string') return null;
    return typeof parsed.c === 'number' ? { text: parsed.t, confidence: parsed.c } : { text: parsed.t };
  } catch {
    return null;
  }
}
