import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { Command } from 'commander';
import { createCliContext } from '../../src/cli/context.js';
import { classifyLines, formatReport, makeRegisterClassify, parseLabelledLines, splitLines } from '../../src/cli/commands/classify.js';
import { InputError } from '../../src/errors.js';
import { evaluate } from '../../src/core/classifier/evaluate.js';
import { tiwen as runTiwen } from '../helpers/cli.js';

/** Runs `tiwen …` in-process with stdout and stderr captured (no database involved). */
const tiwen = (args: string[]) => runTiwen(args, {});

/** Runs only the classify command, with the given stdin. */
async function classifyWithStdin(input: string, args: string[] = []): Promise<{ stdout: string; stderr: string }> {
  const out = new PassThrough();
  let stdout = '';
  out.on('data', (d: Buffer) => (stdout += d.toString()));
  const err = new PassThrough();
  let stderr = '';
  err.on('data', (d: Buffer) => (stderr += d.toString()));
  const program = new Command('tiwen').exitOverride();
  makeRegisterClassify({ stdin: Readable.from([input]), stderr: err })(program, createCliContext({ stdout: out, env: {} }));
  await program.parseAsync(['node', 'tiwen', 'classify', ...args]);
  return { stdout, stderr };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tiwen-classify-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}

describe('tiwen classify', () => {
  test('--text prints one JSON object with the fields in order', async () => {
    const r = await tiwen(['classify', '--text', '我没有,但是我老公发烧了,三十八度五']);
    expect(r.code).toBe(0);
    const line = r.stdout.trim();
    expect(Object.keys(JSON.parse(line) as object)).toEqual(['text', 'label', 'temperatureC', 'symptoms', 'confidence', 'rule']);
    expect(JSON.parse(line)).toMatchObject({ label: 'fever', temperatureC: 38.5 });
    expect(r.stderr).toMatch(/classified 1 lines in \d+ ms/);
  });

  test('--prompt and --confidence are passed on', async () => {
    const t = await tiwen(['classify', '--text', '三八五', '--prompt', 'temperature']);
    expect(JSON.parse(t.stdout)).toMatchObject({ label: 'fever', temperatureC: 38.5 });
    const low = await tiwen(['classify', '--text', '没有', '--confidence', '0.2']);
    expect(JSON.parse(low.stdout)).toMatchObject({ label: 'unclear' });
  });

  test('a bad --confidence is refused', async () => {
    const r = await tiwen(['classify', '--text', '没有', '--confidence', '2']);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
  });

  test('stdin: one JSON object per input line, empty lines included', async () => {
    const r = await classifyWithStdin('没有\n\n有人发烧\r\n现在忙,等会打\n');
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { text: string; label: string });
    expect(lines.map((l) => [l.text, l.label])).toEqual([
      ['没有', 'no_fever'],
      ['', 'unclear'],
      ['有人发烧', 'fever'],
      ['现在忙,等会打', 'callback'],
    ]);
    expect(r.stderr).toMatch(/^classified 4 lines in \d+ ms/);
  });
});

describe('tiwen classify --eval', () => {
  const good = [
    '{"text":"没有","accept":["no_fever"],"temperature":null,"symptoms":[]}',
    '{"text":"三十八度五,咳嗽","accept":["fever"],"temperature":38.5,"symptoms":["cough"]}',
    '',
    '{"text":"有点不舒服","accept":["fever"],"temperature":null,"symptoms":[]}',
  ].join('\n');

  test('--json: the last line is the report', async () => {
    const r = await tiwen(['classify', '--eval', file('good.jsonl', good), '--json']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const report = JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
    expect(report).toMatchObject({ items: 3, accuracy: 0.6667, missed_fevers: 0, temperature_accuracy: 1, symptom_recall: 1 });
    expect(report.misses).toEqual([{ kind: 'label', line: 4, text: '有点不舒服', expected: 'fever', got: 'unclear', rule: 'illness_no_answer' }]);
    expect(r.stderr).toMatch(/classified 3 lines in \d+ ms/);
  });

  test('without --json: a readable report and table of misses, exit 0', async () => {
    const r = await tiwen(['classify', '--eval', file('good2.jsonl', good)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/accuracy\s+66\.7%/);
    expect(r.stdout).toMatch(/missed fevers\s+0/);
    expect(r.stdout).toMatch(/misses \(1\):/);
    expect(r.stdout).toMatch(/label\s+4\s+"有点不舒服"\s+fever\s+unclear\s+illness_no_answer/);
  });

  test.each([
    ['not JSON', '{"text":"没有","accept":["no_fever"]}\n{oops', /bad1\.jsonl:2: line 2 is not valid JSON/],
    ['missing accept', '{"text":"没有"}', /bad2\.jsonl:1: line 1 has a missing or invalid "accept"/],
    ['missing text', '{"accept":["fever"]}', /bad3\.jsonl:1: line 1 has a missing or invalid "text"/],
    ['unknown label', '{"text":"有","accept":["maybe"]}', /bad4\.jsonl:1: .*"accept\.0"/],
  ])('%s: exit 1, message names file and line, with a hint', async (_name, content, message) => {
    const name = `bad${['not JSON', 'missing accept', 'missing text', 'unknown label'].indexOf(_name) + 1}.jsonl`;
    const r = await tiwen(['classify', '--eval', file(name, content)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/fix: /);
  });

  test('--json carries the confusion matrix by label (rows: first accepted label)', async () => {
    const r = await tiwen(['classify', '--eval', file('good3.jsonl', good), '--json']);
    const report = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { confusion: Record<string, Record<string, number>> };
    expect(report.confusion.no_fever).toMatchObject({ no_fever: 1, fever: 0 });
    expect(report.confusion.fever).toMatchObject({ fever: 1, unclear: 1 });
    expect(Object.keys(report.confusion)).toEqual(['fever', 'no_fever', 'unclear', 'callback', 'wrong_number', 'refused']);
  });

  test('the readable report prints the confusion matrix', async () => {
    const r = await tiwen(['classify', '--eval', file('good4.jsonl', good)]);
    expect(r.stdout).toMatch(/confusion \(rows: expected/);
    expect(r.stdout).toMatch(/^fever\s+1\s+0\s+1\s*$/m);
    expect(r.stdout).toMatch(/^no_fever\s+0\s+1\s+0\s*$/m);
  });

  const temperatureLines = [
    '{"text":"三十八度五","accept":["fever"],"temperature":38.5,"symptoms":[]}',
    '{"text":"量了一下三十六度九,退下来了","accept":["fever","unclear"],"temperature":36.9,"symptoms":[]}',
    '{"text":"还没量","accept":["unclear"],"temperature":null,"symptoms":[]}',
    '{"text":"我说错了,没人发烧","accept":["no_fever"],"temperature":null,"symptoms":[]}',
  ].join('\n');

  test('--prompt temperature scores lines without a prompt field as answers to the temperature question', async () => {
    const r = await tiwen(['classify', '--eval', file('temp.jsonl', temperatureLines), '--prompt', 'temperature', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(report).toMatchObject({ items: 4, accuracy: 1, temperature_exact_or_none: 1, reported_fever_closed: 0, missed_fevers: 0 });
  });

  test('a "prompt" field per line does the same; without either, a normal reading is a no', async () => {
    const withField = temperatureLines
      .split('\n')
      .map((l) => l.replace(/}$/, ',"prompt":"temperature"}'))
      .join('\n');
    const per = await tiwen(['classify', '--eval', file('temp2.jsonl', withField), '--json']);
    expect(JSON.parse(per.stdout.trim().split('\n').at(-1)!)).toMatchObject({ accuracy: 1, reported_fever_closed: 0 });
    const asFever = await tiwen(['classify', '--eval', file('temp3.jsonl', temperatureLines), '--json']);
    const report = JSON.parse(asFever.stdout.trim().split('\n').at(-1)!) as { accuracy: number; misses: Array<{ text: string; got: string }> };
    expect(report.accuracy).toBeLessThan(1);
    expect(report.misses).toContainEqual(expect.objectContaining({ text: '量了一下三十六度九,退下来了', got: 'no_fever' }));
  });

  test('a missing file: exit 1 with a hint', async () => {
    const r = await tiwen(['classify', '--eval', path.join(dir, 'nope.jsonl')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot read .*nope\.jsonl/);
    expect(r.stderr).toMatch(/fix: check the path/);
  });
});

describe('the pure parts', () => {
  test('splitLines drops only the final empty line', () => {
    expect(splitLines('a\n\nb\n')).toEqual(['a', '', 'b']);
    expect(splitLines('')).toEqual([]);
  });

  test('parseLabelledLines keeps line numbers and throws InputError', () => {
    expect(parseLabelledLines('\n{"text":"有","accept":["fever"]}\n', 'f.jsonl')).toEqual([{ text: '有', accept: ['fever'], line: 2 }]);
    expect(() => parseLabelledLines('[]', 'f.jsonl')).toThrow(InputError);
  });

  test('classifyLines classifies each line in order', () => {
    expect(classifyLines(['有', '没有'], { prompt: 'fever' }).map((c) => c.label)).toEqual(['fever', 'no_fever']);
  });

  test('formatReport with no misses', () => {
    const report = evaluate([{ text: '没有', accept: ['no_fever'] }]);
    expect(formatReport(report).at(-1)).toMatch(/none/);
  });
});
