/**
 * `npm start` as a newcomer runs it: the built `tiwen` command, no DATABASE_URL, so
 * the embedded PostgreSQL starts in a data folder; and again on the same folder.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { packageRoot } from '../../src/util/paths.js';
import { tempDir } from '../helpers/files.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

function runTiwen(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const childEnv = { ...process.env, ...env };
    delete childEnv.DATABASE_URL;
    const child = spawn(process.execPath, [path.join(packageRoot(), 'dist', 'cli', 'main.js'), ...args], { env: childEnv, cwd: tmp.dir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('tiwen start on the embedded database', () => {
  test('first start creates everything; a second start on the same folder reuses it', async () => {
    const env = { TIWEN_DATA_DIR: path.join(tmp.dir, 'data'), LOG_FORMAT: 'json' };
    const first = await runTiwen(['start', '--residents', '300', '--json'], env);
    expect(first.stderr).toMatch(/embedded PostgreSQL started/);
    expect(first.code).toBe(0);
    const status1 = JSON.parse(first.stdout.trim().split('\n').pop()!);
    expect(status1.households).toBe(300);

    const second = await runTiwen(['start', '--residents', '300', '--json'], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/0 new, 0 updated, 300 unchanged households/);
    const status2 = JSON.parse(second.stdout.trim().split('\n').pop()!);
    expect(status2.id).toBeGreaterThan(status1.id);
    expect(status2.households).toBe(300);
  });
});
