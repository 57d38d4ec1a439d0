import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { evaluate } from '../../../src/core/classifier/evaluate.js';
import type { LabelledItem } from '../../../src/core/classifier/evaluate.js';
import type { Classification, ClassifyInput } from '../../../src/core/classifier/index.js';
import { parseLabelledLines } from '../../../src/cli/commands/classify.js';
import { packageRoot } from '../../../src/util/paths.js';

/** The labelled answers kept in the repository (test/data/README.md). */
const data = (name: string): LabelledItem[] => {
  const file = path.join(packageRoot(), 'test', 'data', name);
  expect(existsSync(file)).toBe(true);
  return parseLabelledLines(readFileSync(file, 'utf8'), file);
};

describe('the development set', () => {
  test('meets the targets', () => {
    const items = data('answers-dev.jsonl');
    expect(items.length).toBeGreaterThan(100);
    const report = evaluate(items);
    expect(report.missed_fevers).toBe(0);
    expect(report.accuracy).toBeGreaterThanOrEqual(0.97);
    expect(report.temperature_accuracy).toBeGreaterThanOrEqual(0.99);
    expect(report.symptom_recall).toBeGreaterThanOrEqual(0.95);
  });
});

// The targets of issue 9, on answers the classifier was not tuned on: the held-out parts
// (split off before any tuning, their misses never looked at) and the fresh sets
// (written after tuning). The tune parts are held to the same bar.
describe.each(['fever-holdout.jsonl', 'fever-fresh.jsonl', 'fever-tune.jsonl', 'fever-tune2.jsonl'])('fever question: %s', (name) => {
  const report = evaluate(data(name));
  test('accuracy at least 97 %, exact temperature at least 99 %, symptom recall at least 95 %', () => {
    expect(report.items).toBeGreaterThan(100);
    expect(report.missed_fevers).toBe(0);
    expect(report.accuracy).toBeGreaterThanOrEqual(0.97);
    expect(report.temperature_accuracy).toBeGreaterThanOrEqual(0.99);
    expect(report.symptom_recall).toBeGreaterThanOrEqual(0.95);
  });
});

describe.each(['temperature-holdout.jsonl', 'temperature-fresh.jsonl', 'temperature-tune.jsonl', 'temperature-tune2.jsonl'])('temperature question: %s', (name) => {
  const items = data(name);
  const report = evaluate(items);
  test('every line answers the temperature question', () => {
    expect(items.every((it) => it.prompt === 'temperature')).toBe(true);
  });
  test('exact temperature (or correctly none) at least 97 %, right label at least 97 %, no reported fever closed', () => {
    expect(report.temperature_exact_or_none).toBeGreaterThanOrEqual(0.97);
    expect(report.accuracy).toBeGreaterThanOrEqual(0.97);
    expect(report.reported_fever_closed).toBe(0);
    expect(report.missed_fevers).toBe(0);
  });
});

describe('evaluate scores what it is given', () => {
  const fixed =
    (out: Partial<Classification>) =>
    (_input: ClassifyInput): Classification => ({ label: 'no_fever', temperatureC: null, symptoms: [], confidence: 1, rule: 'fake', ...out });
  const items: LabelledItem[] = [
    { text: 'a', accept: ['fever'], temperature: 38.5, symptoms: ['cough'], line: 1 },
    { text: 'b', accept: ['no_fever'], temperature: null, symptoms: [], line: 2 },
    { text: 'c', accept: ['fever', 'unclear'], temperature: null, symptoms: ['cough', 'fatigue'], line: 3 },
    { text: 'd', accept: ['fever', 'no_fever'], line: 4 },
  ];

  test('a classifier that always says no misses the fevers', () => {
    const r = evaluate(items, fixed({ label: 'no_fever' }));
    expect(r.items).toBe(4);
    expect(r.accuracy).toBe(0.5);
    expect(r.missed_fevers).toBe(2);
    expect(r.temperature_accuracy).toBe(0);
    expect(r.symptom_recall).toBe(0);
    expect(r.misses.filter((m) => m.kind === 'missed_fever').map((m) => m.line)).toEqual([1, 3]);
    expect(r.misses.find((m) => m.kind === 'temperature')).toMatchObject({ text: 'a', expected: '38.5', got: 'null', rule: 'fake' });
  });

  test('unclear is no missed fever, and near temperatures count', () => {
    const r = evaluate(items, fixed({ label: 'unclear', temperatureC: 38.46, symptoms: ['cough'] }));
    expect(r.missed_fevers).toBe(0);
    expect(r.accuracy).toBe(0.25);
    expect(r.temperature_accuracy).toBe(1);
    expect(r.symptom_recall).toBeCloseTo(2 / 3, 3);
  });

  test('an accepted call-back is no missed fever, an unaccepted one is', () => {
    const later: LabelledItem[] = [{ text: 'e', accept: ['callback', 'unclear', 'fever'], line: 5 }];
    expect(evaluate(later, fixed({ label: 'callback' }))).toMatchObject({ accuracy: 1, missed_fevers: 0 });
    expect(evaluate(items.slice(0, 1), fixed({ label: 'callback' })).missed_fevers).toBe(1);
  });

  test('a temperature off by more than 0.05 is wrong', () => {
    expect(evaluate(items.slice(0, 1), fixed({ label: 'fever', temperatureC: 38.4 })).temperature_accuracy).toBe(0);
  });

  test('an empty set scores 1 and lists nothing', () => {
    const r = evaluate([]);
    expect(r).toMatchObject({ items: 0, accuracy: 1, missed_fevers: 0, temperature_accuracy: 1, symptom_recall: 1, temperature_exact_or_none: 1, reported_fever_closed: 0, misses: [] });
    expect(Object.values(r.confusion).flatMap((row) => Object.values(row))).toEqual(new Array(36).fill(0));
  });
});
