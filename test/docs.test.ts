/** The README stays true to the code: every setting is in its table, every command in its CLI section. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SETTINGS } from '../src/config.js';
import { buildProgram } from '../src/cli/program.js';
import { createCliContext } from '../src/cli/context.js';
import { packageRoot } from '../src/util/paths.js';

const readme = readFileSync(path.join(packageRoot(), 'README.md'), 'utf8');

describe('README', () => {
  test.each(SETTINGS.map((s) => [s.env]))('documents %s', (env) => {
    expect(readme).toContain(`| \`${env}\` |`);
  });

  test('documents every command', () => {
    const program = buildProgram(createCliContext());
    for (const c of program.commands) expect(readme).toContain(`tiwen ${c.name()}`);
  });

  test('starts with the two-command quick start', () => {
    expect(readme).toMatch(/## Quick start\s+```\s+npm install\s+npm start\s+```/);
  });
});
