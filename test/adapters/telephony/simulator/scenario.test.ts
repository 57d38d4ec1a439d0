/**
 * Scenario files: the shipped ones load; invalid ones fail with an InputError naming
 * the file and the JSON path; the population follows the weights and per-number scripts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { InputError } from '../../../../src/errors.js';
import { defaultScenario, loadScenario, parseScenario, scenarioFile } from '../../../../src/adapters/telephony/simulator/index.js';
import { mixSeed, mulberry32, Population } from '../../../../src/adapters/telephony/simulator/population.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tiwen-scenario-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
}

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('shipped scenarios', () => {
  it('demo.json is the default and is realistic', () => {
    const s = defaultScenario();
    const { answered, voicemail, busy, no_answer, failed } = s.outcomes;
    const total = answered + voicemail + busy + no_answer + failed;
    expect(s.outcomes.answered / total).toBeCloseTo(0.82, 2);
    expect(s.personas.map((p) => p.name)).toEqual(expect.arrayContaining(['healthy', 'fever', 'unclear_then_keypad', 'callback', 'wrong_number', 'refused']));
  });

  it('bench.json: everyone answers at once and says 没有', () => {
    const s = loadScenario(scenarioFile('bench'));
    expect(s.outcomes).toMatchObject({ answered: 1, busy: 0, no_answer: 0 });
    const plan = new Population(s).plan('+8613800000000', mulberry32(1));
    expect(plan.ringSeconds).toBe(0);
    expect(plan.answer('fever')).toEqual({ kind: 'speech', text: '没有', confidence: 0.95 });
    expect(s.faults).toMatchObject({ restErrorRate: 0, callbackLossRate: 0, callbackDuplicateRate: 0 });
  });
});

describe('validation', () => {
  it('names the file and the JSON path of a bad field', () => {
    const f = file('bad.json', JSON.stringify({ personas: [{ name: 'x', weight: 1, answers: { fever: [{ text: '有', confidence: 1.5 }] } }] }));
    const e = errorOf(() => loadScenario(f));
    expect(e.message).toContain(f);
    expect(e.message).toContain('personas[0].answers.fever[0].confidence');
    expect(e.hint).toMatch(/README/);
  });

  it('rejects unknown fields, answers with two kinds, bad regexes, unknown personas', () => {
    expect(errorOf(() => parseScenario({ outcomes: { anwsered: 1 } })).message).toMatch(/outcomes/);
    expect(errorOf(() => parseScenario({ personas: [{ name: 'x', weight: 1, answers: { fever: [{ text: '有', digits: '1' }] } }] })).message).toMatch(/personas\[0\]\.answers\.fever\[0\]: an answer needs exactly one/);
    expect(errorOf(() => parseScenario({ questions: [{ key: 'fever', match: '(' }] })).message).toMatch(/questions\[0\]\.match: not a valid regular expression/);
    expect(errorOf(() => parseScenario({ numbers: { '+861': [{ outcome: 'answered', persona: 'nobody' }] } })).message).toMatch(/numbers\["\+861"\]\[0\]\.persona: no persona named "nobody"/);
    expect(errorOf(() => parseScenario({ carrier: { overLimit: 'drop' } })).message).toMatch(/carrier\.overLimit/);
    expect(errorOf(() => parseScenario({ timing: { ringSeconds: [5, 1] } })).message).toMatch(/timing\.ringSeconds/);
  });

  it('reports unreadable files and bad JSON as InputError', () => {
    expect(errorOf(() => loadScenario(path.join(dir, 'missing.json'))).message).toMatch(/cannot read scenario file/);
    expect(errorOf(() => loadScenario(file('syntax.json', '{ "seed": 1, }'))).message).toMatch(/not valid JSON/);
  });
});

describe('population', () => {
  it('draws outcomes by weight, reproducibly per (seed, call number)', () => {
    const s = parseScenario({ outcomes: { answered: 80, busy: 20 } });
    const pop = new Population(s);
    const outcomes = Array.from({ length: 2000 }, (_, i) => pop.plan('+1', mulberry32(mixSeed(7, i, 1))).outcome);
    const answered = outcomes.filter((o) => o === 'answered').length / outcomes.length;
    expect(answered).toBeGreaterThan(0.76);
    expect(answered).toBeLessThan(0.84);
    const again = Array.from({ length: 2000 }, (_, i) => new Population(s).plan('+1', mulberry32(mixSeed(7, i, 1))).outcome);
    expect(again).toEqual(outcomes);
  });

  it('maps what the resident hears to a question key, first rule wins', () => {
    const pop = new Population(defaultScenario());
    expect(pop.questionKey('您说的是三十八度五，对吗？')).toBe('confirm');
    expect(pop.questionKey('有人发烧请按1，没有请按2')).toBe('keypad');
    expect(pop.questionKey('请问体温是多少度？')).toBe('temperature');
    expect(pop.questionKey('请问您家里有人发烧吗？')).toBe('fever');
    expect(pop.questionKey('喂？')).toBe('fever');
  });

  it('per-number scripts: answers in order then silence; a list gives one script per successive call', () => {
    const pop = new Population(defaultScenario());
    const plan = pop.plan('+8617000000001', mulberry32(1));
    expect(plan.outcome).toBe('answered');
    expect([plan.answer('fever'), plan.answer('temperature'), plan.answer('confirm'), plan.answer('fever')]).toEqual([
      { kind: 'speech', text: '有', confidence: 0.9 },
      { kind: 'speech', text: '三十八度五', confidence: 0.9 },
      { kind: 'digits', digits: '1' },
      { kind: 'silence' },
    ]);
    expect(['busy', 'no_answer', 'answered', 'answered'].map(() => pop.plan('+8617000000002', mulberry32(2)).outcome)).toEqual(['busy', 'no_answer', 'answered', 'answered']);
  });
});
