/**
 * What every CLI command gets: the configuration (read once, lazily), a logger on
 * stderr, the database, and output helpers. stdout carries results only; logs go to
 * stderr so `--json` output stays machine-readable (the JSON object is the last line).
 */
import type { Config } from '../config.js';
import { loadConfig } from '../config.js';
import type { Logger } from '../log.js';
import { createLogger } from '../log.js';
import type { Database } from '../adapters/store/postgres/database.js';
import { openDatabase } from '../adapters/store/postgres/database.js';

export interface CliContext {
  config(): Config;
  logger(): Logger;
  /** Opens (and migrates) the database once; closed by the CLI runner at exit. */
  db(): Promise<Database>;
  /** Writes a line to stdout. */
  print(line: string): void;
  /** Writes one JSON object as a line to stdout. */
  printJson(value: unknown): void;
  /** Reads all of stdin (e.g. a password given with --password-stdin). */
  readStdin(): Promise<string>;
  /** Exit status the command asks for (e.g. 1 when an import was refused); 0 unless set. */
  exitCode: number;
  /** Registers a cleanup to run before the process exits (LIFO). */
  onClose(fn: () => Promise<void> | void): void;
  close(): Promise<void>;
}

export function createCliContext(io: { stdout: NodeJS.WritableStream; env: NodeJS.ProcessEnv; stdin?: NodeJS.ReadableStream } = { stdout: process.stdout, env: process.env }): CliContext {
  let config: Config | undefined;
  let logger: Logger | undefined;
  let db: Promise<Database> | undefined;
  const closers: Array<() => Promise<void> | void> = [];
  const ctx: CliContext = {
    config: () => (config ??= loadConfig(io.env)),
    logger: () => (logger ??= createLogger(ctx.config())),
    db: () => {
      if (!db) {
        db = openDatabase(ctx.config(), ctx.logger());
        closers.unshift(async () => (await db!.catch(() => undefined))?.close());
      }
      return db;
    },
    print: (line) => void io.stdout.write(line + '\n'),
    printJson: (value) => void io.stdout.write(JSON.stringify(value) + '\n'),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of io.stdin ?? process.stdin) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
      return Buffer.concat(chunks).toString('utf8');
    },
    exitCode: 0,
    onClose: (fn) => void closers.unshift(fn),
    close: async () => {
      while (closers.length) await closers.shift()!();
    },
  };
  return ctx;
}
