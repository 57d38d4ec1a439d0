import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { evaluate } from '../../../src/core/classifier/evaluate.js';
import type { LabelledItem } from '../../../src/core/classifier/evaluate.js';
import type { Classification, ClassifyInput } from '../../../src/core/classifier/index.js';
import { parseLabelledLines } from '../../../src/cli/commands/classify.js';
import { packageRoot } from '../../../src/util/paths.js';

/** The repository's copy of the development set (test/data/README.md). */
const DEV_SET = path.join(packageRoot(), 'test', 'data', 'answers-dev.jsonl');

describe('the development set', () => {
  test('meets the targets', () => {
    expect(existsSync(DEV_SET)).toBe(true);
    const items = parseLabelledLines(readFileSync(DEV_SET, 'utf8'), DEV_SET);
    expect(items.length).toBeGreaterThan(100);
    const report = evaluate(items);
    expect(report.missed_fevers).toBe(0);
    expect(report.accuracy).toBeGreaterThanOrEqual(0.97);
    expect(report.temperature_accuracy).toBeGreaterThanOrEqual(0.99);
    expect(report.symptom_recall).toBeGreaterThanOrEqual(0.95);
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

  test('a temperature off by more than 0.05 is wrong', () => {
    expect(evaluate(items.slice(0, 1), fixed({ label: 'fever', temperatureC: 38.4 })).temperature_accuracy).toBe(0);
  });

  test('an empty set scores 1 and lists nothing', () => {
    const r = evaluate([]);
    expect(r).toMatchObject({ items: 0, accuracy: 1, missed_fevers: 0, temperature_accuracy: 1, symptom_recall: 1, temperature_exact_or_none: 1, reported_fever_closed: 0, misses: [] });
    expect(Object.values(r.confusion).flatMap((row) => Object.values(row))).toEqual(new Array(36).fill(0));
  });
});
