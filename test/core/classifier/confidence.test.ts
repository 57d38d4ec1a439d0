import { classify, LOW_RECOGNISER_CONFIDENCE } from '../../../src/core/classifier/index.js';

describe('recogniser confidence', () => {
  test('the threshold is 0.5', () => {
    expect(LOW_RECOGNISER_CONFIDENCE).toBe(0.5);
  });

  test.each([
    ['a no heard badly', '没有', 0.3],
    ['a normal temperature heard badly', '三十六度五', 0.2],
    ['healthy heard badly', '都挺好', 0.49],
  ])('%s becomes unclear: %s @ %d', (_name, text, confidence) => {
    const c = classify({ text, confidence });
    expect(c.label).toBe('unclear');
    expect(c.rule).toMatch(/^low_confidence:/);
  });

  test.each([
    ['a fever stays a fever', '发烧', 0.1, 'fever'],
    ['a yes stays a yes', '有', 0.2, 'fever'],
    ['a high temperature stays a fever', '三十八度五', 0.05, 'fever'],
    ['a no at the threshold is kept', '没有', 0.5, 'no_fever'],
    ['a confident no', '没有', 0.9, 'no_fever'],
    ['unknown confidence', '没有', undefined, 'no_fever'],
    ['NaN is unknown', '没有', Number.NaN, 'no_fever'],
    ['above 1 is clamped', '没有', 7, 'no_fever'],
  ])('%s: %s @ %s -> %s', (_name, text, confidence, label) => {
    expect(classify({ text, confidence }).label).toBe(label);
  });

  test('output confidence is in [0,1] and scaled by the recogniser', () => {
    const sure = classify({ text: '没有' });
    const unsure = classify({ text: '没有', confidence: 0.6 });
    for (const c of [sure, unsure, classify({ text: '没有', confidence: -3 }), classify({ text: '', confidence: 2 })]) {
      expect(c.confidence).toBeGreaterThanOrEqual(0);
      expect(c.confidence).toBeLessThanOrEqual(1);
    }
    expect(unsure.confidence).toBeLessThan(sure.confidence);
  });
});
