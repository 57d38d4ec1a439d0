/**
 * The carrier's call log: one JSON line per call when it ends, through one append
 * stream. Numbers are written in full: this is the carrier's side and they are fake.
 */
import { createWriteStream, type WriteStream } from 'node:fs';

export interface SaidTurn {
  /** Question key the prompt matched. */
  question: string;
  /** What the resident heard since the previous question (Say texts, Play URLs). */
  heard: string;
  /** The spoken text or the keys pressed; null for silence. */
  answer: string | null;
  kind: 'speech' | 'digits' | 'silence';
  confidence?: number;
  /** False when the answer did not reach us (speech to a keypad-only Gather, etc.). */
  delivered: boolean;
}

export interface CallLogRecord {
  sid: string;
  to: string;
  from: string;
  created_at: string;
  answered_at: string | null;
  ended_at: string;
  status: string;
  answered_by: string | null;
  duration: number;
  persona: string | null;
  said: SaidTurn[];
  /** What the resident heard after the last question (our closing words); null when the call did not end on our hang-up. */
  closing: string | null;
  errors: string[];
}

export class CallLog {
  private readonly stream: WriteStream;
  private pending = 0;
  private failure: Error | undefined;

  constructor(
    file: string,
    private readonly onDrained: () => void,
  ) {
    this.stream = createWriteStream(file, { flags: 'a' });
    this.stream.on('error', (err) => {
      this.failure = err;
    });
  }

  /** Lines handed to the stream and not yet flushed. */
  get writing(): number {
    return this.pending;
  }

  get error(): Error | undefined {
    return this.failure;
  }

  write(record: CallLogRecord): void {
    if (this.failure) return;
    this.pending++;
    this.stream.write(JSON.stringify(record) + '\n', () => {
      this.pending--;
      if (this.pending === 0) this.onDrained();
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.stream.destroyed || this.stream.writableFinished) return resolve();
      this.stream.end(() => resolve());
      this.stream.once('error', () => resolve());
    });
  }
}
