/**
 * `npm start` as a newcomer runs it: the built `tiwen` command, no DATABASE_URL, so
 * the embedded PostgreSQL starts in a data folder; the demo round runs, the page
 * stays up until Ctrl-C; then again on the same folder.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../src/util/paths.js';
import { tempDir } from '../helpers/files.js';
import { consoleClient, loginAs } from '../helpers/console.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  page: string;
}

/** Runs `tiwen start`, fetches the page it announces, then presses Ctrl-C (SIGINT). */
function startAndInterrupt(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const childEnv = { ...process.env, ...env };
    delete childEnv.DATABASE_URL;
    const child = spawn(process.execPath, [path.join(packageRoot(), 'dist', 'cli', 'main.js'), 'start', ...args], { env: childEnv, cwd: tmp.dir });
    let stdout = '';
    let stderr = '';
    let page = '';
    let asked = false;
    const onOutput = async () => {
      const m = /web page: (http:\/\/\S+)/.exec(stdout + stderr);
      const login = /login: (\S+) \/ (\S+)/.exec(stdout + stderr);
      if (!m || !login || asked) return;
      asked = true;
      try {
        const url = new URL(m[1]!);
        // Without a login the page sends the newcomer to the login form.
        const anonymous = await consoleClient(url.origin).get(url.pathname);
        if (anonymous.status !== 303 || !anonymous.headers.get('location')?.startsWith('/login')) throw new Error(`page open without login: ${anonymous.status}`);
        const c = await loginAs(url.origin, login[1]!, login[2]!);
        const res = await c.get(url.pathname);
        page = `${res.status} ${await res.text()}`;
      } finally {
        child.kill('SIGINT');
      }
    };
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      void onOutput();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      void onOutput();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, page }));
  });
}

describe('tiwen start (npm start) on the embedded database', () => {
  const dataDir = path.join(tmp.dir, 'data');
  const env = { TIWEN_DATA_DIR: dataDir, LOG_FORMAT: 'json', LOG_LEVEL: 'info', PORT: '0' };
  const args = ['--residents', '200', '--scenario', path.join(packageRoot(), 'config', 'scenarios', 'bench.json'), '--json'];

  test('runs the demo round, serves the page until Ctrl-C, stops the database', async () => {
    const run = await startAndInterrupt(args, env);
    expect(run.stderr).toMatch(/embedded PostgreSQL started/);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout.trim().split('\n').pop()!);
    expect(result).toMatchObject({ households: 200, completed: 200, no_fever: 200 });
    expect(run.page).toMatch(/^200 [\s\S]*第 \d+ 轮/);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  });

  test('a second start on the same folder works and duplicates nothing', async () => {
    const run = await startAndInterrupt(args, env);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/migrations applied/);
    const result = JSON.parse(run.stdout.trim().split('\n').pop()!);
    expect(result).toMatchObject({ households: 200, completed: 200 });
  });
});
