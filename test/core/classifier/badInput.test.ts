import { ANSWER_LABELS, classify } from '../../../src/core/classifier/index.js';
import type { ClassifyInput } from '../../../src/core/classifier/index.js';

describe('bad input never crashes', () => {
  test.each<[string, unknown]>([
    ['very long', '我们家都挺好的'.repeat(20_000)],
    ['very long single character', '发'.repeat(200_000)],
    ['control characters', '\u0000\u0001没有\u001b[31m'],
    ['emoji only', '🤒🤒🤒'],
    ['lone surrogate', '\ud800没有'],
    ['full-width letters and digits', 'ａｂｃ１２３'],
    ['Fahrenheit-like number', '一百度'],
    ['tiny number', '3度'],
    ['huge number', '9'.repeat(400)],
    ['many dots', '37.5.5.5'],
    ['repeated units', '十十十度'],
    ['only punctuation', '?!,。、;'],
    ['right-to-left marks', '\u202e没有\u202c'],
    ['a number where text should be', 42],
    ['null text', null],
  ])('%s', (_name, text) => {
    const c = classify({ text } as ClassifyInput);
    expect(ANSWER_LABELS).toContain(c.label);
    expect(c.confidence).toBeGreaterThanOrEqual(0);
    expect(c.confidence).toBeLessThanOrEqual(1);
    if (c.temperatureC !== null) {
      expect(c.temperatureC).toBeGreaterThanOrEqual(34);
      expect(c.temperatureC).toBeLessThanOrEqual(43);
    }
  });

  test.each([
    ['empty', ''],
    ['spaces', '  \t '],
    ['emoji', '😀'],
    ['fillers', '嗯嗯嗯'],
    ['Fahrenheit-like', '一百度'],
    ['too low', '3度'],
  ])('%s is unclear', (_name, text) => {
    expect(classify({ text }).label).toBe('unclear');
  });

  test.each([
    ['emoji around a no', '😀没有😀', 'no_fever'],
    ['English noise around a no', 'hello 没有', 'no_fever'],
    ['English noise around a yes', 'OK 有', 'fever'],
    ['full-width temperature', '３８．５度，有！', 'fever'],
    ['implausible number, then words', '一百度,没人发烧', 'no_fever'],
    ['answer after a long run of noise stays unseen', '啊'.repeat(600) + '有', 'unclear'],
  ])('%s: -> %s', (_name, text, label) => {
    expect(classify({ text }).label).toBe(label);
  });
});
