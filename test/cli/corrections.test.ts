/** tiwen corrections export: staff corrections as labelled JSONL lines. */
import { readFileSync } from 'node:fs';
import { correctResult } from '../../src/app/households.js';
import { login } from '../../src/app/accounts.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { tiwen } from '../helpers/cli.js';
import { tempDir } from '../helpers/files.js';
import { PASSWORD, seedConsole, type ConsoleFixture } from '../helpers/consoleFixture.js';

const tmp = tempDir();
let db: TestDatabase;
let fx: ConsoleFixture;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  db = await createTestDatabase();
  env = { DATABASE_URL: db.url };
  fx = await seedConsole(db.pool);
  const office = await login(db.pool, 'office', PASSWORD);
  await correctResult(db.pool, office, fx.calls.unclearA, { outcome: 'no_fever', note: '听录音是没有' });
  await correctResult(db.pool, office, fx.calls.unreachableB, { outcome: 'unreachable' });
  const other = await login(db.pool, 'office2', PASSWORD);
  await correctResult(db.pool, other, fx.calls.other, { outcome: 'fever', temperatureC: 39.2 });
});
afterAll(async () => {
  await db.drop();
  tmp.cleanup();
});

test('one line per answered question, corrected label first, original beside it', async () => {
  const r = await tiwen(['corrections', 'export', '--community', '幸福社区', '--json'], env);
  expect(r.code).toBe(0);
  const lines = r.stdout.trim().split('\n');
  expect(r.json).toEqual({ corrections: 2, lines: 1, out: null });
  expect(JSON.parse(lines[0]!)).toMatchObject({
    text: '没有',
    accept: ['no_fever'],
    temperature: null,
    symptoms: [],
    prompt: 'fever',
    original: { outcome: 'unclear', label: 'unclear', rule: 'test-rule', confidence: 0.9, recogniserConfidence: expect.closeTo(0.62, 2) },
  });
  expect(lines[0]).not.toMatch(/138|李四/);
});

test('--out writes the file; --round and --since filter; a fever keeps its temperature', async () => {
  const out = `${tmp.dir}/c.jsonl`;
  const r = await tiwen(['corrections', 'export', '--round', String(fx.otherRoundId), '--since', '2020-01-01', '--out', out, '--json'], env);
  expect(r.json).toEqual({ corrections: 1, lines: 1, out });
  const line = JSON.parse(readFileSync(out, 'utf8').trim());
  expect(line).toMatchObject({ text: '发烧', accept: ['fever'], temperature: 39.2, prompt: 'fever', original: { outcome: 'fever', label: 'fever' } });
  const later = await tiwen(['corrections', 'export', '--since', '2999-01-01', '--json'], env);
  expect(later.json).toEqual({ corrections: 0, lines: 0, out: null });
  const bad = await tiwen(['corrections', 'export', '--since', 'yesterday'], env);
  expect(bad.code).not.toBe(0);
  expect(bad.stderr).toMatch(/YYYY-MM-DD/);
});
