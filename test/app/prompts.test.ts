import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultPromptsPath, loadPrompts } from '../../src/app/prompts.js';
import { PROMPT_KEYS } from '../../src/core/dialogue/prompts.js';
import { InputError } from '../../src/errors.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tiwen-prompts-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function shipped(): Record<string, unknown> {
  return JSON.parse(readFileSync(defaultPromptsPath(), 'utf8')) as Record<string, unknown>;
}

function writeTemp(name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

function thrown(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

describe('loadPrompts', () => {
  it('loads the shipped zh-CN prompts: every key, non-empty, Simplified Chinese', () => {
    const prompts = loadPrompts();
    expect(Object.keys(prompts).sort()).toEqual([...PROMPT_KEYS].sort());
    for (const key of PROMPT_KEYS) expect(prompts[key].trim()).not.toBe('');
    expect(prompts.greeting).toContain('{office}');
    expect(prompts.temperature_confirm).toContain('{temperature}');
    expect(prompts.callback_ack).toContain('{when}');
    expect(prompts.fever_question).toContain('发烧');
    expect(prompts.keypad_fallback).toMatch(/1.*2/);
    expect(prompts.closing_fever).toContain('发热门诊');
    // No Traditional forms slipped in.
    expect(Object.values(prompts).join('')).not.toMatch(/[們這裡體溫請來電話對]/);
  });

  it('defaults to prompts/zh-CN.json under the package root', () => {
    expect(defaultPromptsPath()).toMatch(/prompts[\\/]zh-CN\.json$/);
  });

  it('names the file and the missing key', () => {
    const { temperature_confirm: _gone, ...rest } = shipped();
    const file = writeTemp('missing.json', JSON.stringify(rest));
    const err = thrown(() => loadPrompts(file));
    expect(err.message).toContain(file);
    expect(err.message).toContain('temperature_confirm');
    expect(err.hint).toContain('temperature_confirm');
  });

  it('rejects an empty prompt, naming the key', () => {
    const file = writeTemp('empty.json', JSON.stringify({ ...shipped(), closing_fever: '  ' }));
    const err = thrown(() => loadPrompts(file));
    expect(err.message).toContain(file);
    expect(err.message).toContain('closing_fever');
  });

  it('rejects a prompt that is not a string', () => {
    const file = writeTemp('number.json', JSON.stringify({ ...shipped(), greeting: 42 }));
    expect(thrown(() => loadPrompts(file)).message).toContain('greeting');
  });

  it('rejects an unknown placeholder, naming the key and the placeholder', () => {
    const file = writeTemp('typo.json', JSON.stringify({ ...shipped(), greeting: '您好，这里是{ofice}。' }));
    const err = thrown(() => loadPrompts(file));
    expect(err.message).toContain('greeting');
    expect(err.message).toContain('{ofice}');
  });

  it('rejects invalid JSON and a non-object, naming the file', () => {
    const bad = writeTemp('bad.json', '{ "greeting": ');
    expect(thrown(() => loadPrompts(bad)).message).toContain(bad);
    const list = writeTemp('list.json', '[]');
    expect(thrown(() => loadPrompts(list)).message).toContain(list);
  });

  it('reports a missing file as InputError', () => {
    const file = path.join(dir, 'nope.json');
    expect(thrown(() => loadPrompts(file)).message).toContain(file);
  });

  it('accepts a byte-order mark and ignores extra keys', () => {
    const file = writeTemp('bom.json', '\uFEFF' + JSON.stringify({ ...shipped(), _note: 'for translators' }));
    expect(loadPrompts(file).greeting).toContain('{office}');
  });
});
