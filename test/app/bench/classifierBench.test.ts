import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchClassifier, labelledAnswers } from '../../../src/app/bench/classifierBench.js';

// What the figures say is measured by `tiwen bench`; here only what they are made of.
describe('the classifier bench', () => {
  test('reads every labelled file of test/data, with each line\'s prompt', () => {
    const answers = labelledAnswers();
    expect(answers.length).toBeGreaterThan(2000);
    expect(answers.some((a) => a.prompt === 'temperature')).toBe(true);
    expect(answers.some((a) => a.prompt === 'fever')).toBe(true);
  });

  test('reports counts and rates for the classifications it made', () => {
    const f = benchClassifier(300, [{ text: '没有', prompt: 'fever' }, { text: '三十八度五', prompt: 'temperature' }]);
    expect(f).toMatchObject({ answers: 2, classified: 300 });
    expect(f!.answers_per_second).toBeGreaterThan(0);
    expect(f!.answers_per_cpu_second).toBeGreaterThan(0);
    expect(f!.normalise_per_cpu_second).toBeGreaterThan(0);
  });

  test('no corpus: null, and a folder without labelled files gives none', () => {
    expect(benchClassifier(10, [])).toBeNull();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tiwen-cb-'));
    try {
      writeFileSync(path.join(dir, 'notes.txt'), 'x');
      expect(labelledAnswers(dir)).toEqual([]);
      expect(labelledAnswers(path.join(dir, 'missing'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
