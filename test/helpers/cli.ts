import { PassThrough, Readable } from 'node:stream';
import { createCliContext } from '../../src/cli/context.js';
import { run } from '../../src/cli/program.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** The last stdout line parsed as JSON (the `--json` convention). */
  json: unknown;
}

/**
 * Runs the tiwen CLI in this process with its own environment (e.g. DATABASE_URL of
 * the test database), capturing stdout and stderr.
 */
export async function tiwen(args: string[], env: NodeJS.ProcessEnv, stdin?: string): Promise<CliResult> {
  const out = new PassThrough();
  let stdout = '';
  out.on('data', (d: Buffer) => (stdout += d.toString()));
  let stderr = '';
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  }) as typeof process.stderr.write;
  let code: number;
  try {
    code = await run(['node', 'tiwen', ...args], createCliContext({ stdout: out, env: { LOG_LEVEL: 'error', ...env }, ...(stdin !== undefined ? { stdin: Readable.from([stdin]) } : {}) }));
  } finally {
    process.stderr.write = write;
  }
  const lines = stdout.trim().split('\n');
  let json: unknown;
  try {
    json = JSON.parse(lines[lines.length - 1] ?? '');
  } catch {
    json = undefined;
  }
  return { code, stdout, stderr, json };
}
