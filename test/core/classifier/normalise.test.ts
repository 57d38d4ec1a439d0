import { clauses, MAX_ANSWER_CHARS, normalise, stripFillers } from '../../../src/core/classifier/normalise.js';

describe('normalise', () => {
  test.each([
    ['Traditional to Simplified', '沒有發燒', '没有发烧'],
    ['Traditional with 體溫', '體溫正常', '体温正常'],
    ['full-width digits and punctuation', '３８．５度，有！', '38.5度,有'],
    ['full-width question mark', '有没有发烧？没有', '有没有发烧?没有'],
    ['emoji removed', '没有😀👍', '没有'],
    ['zero-width characters removed', '\u200b有\u200b', '有'],
    ['control characters removed', '\u0000没\u0007有\u001b', '没有'],
    ['spaces between Chinese words joined', '没有 发烧', '没有发烧'],
    ['space between two numbers separates them', '36 5', '36,5'],
    ['English noise becomes a separator', 'OK 没有', '没有'],
    ['Celsius sign', '38.6℃', '38.6°c'],
    ['list mark joins', '发烧、咳嗽都没有', '发烧咳嗽都没有'],
    ['list mark between numerals is a range', '三十七、八度', '三十七~八度'],
    ['dash between digits is a range', '37-38度', '37~38度'],
    ['ellipsis and quotes', '“没有”……', '没有'],
    ['question mark kept', '嗯?', '嗯?'],
    ['empty', '', ''],
    ['only punctuation', '。。。！', ''],
  ])('%s: %j -> %j', (_name, raw, expected) => {
    expect(normalise(raw)).toBe(expected);
  });

  test('caps the length', () => {
    expect([...normalise('没'.repeat(100_000))].length).toBe(MAX_ANSWER_CHARS);
  });

  test('non-strings are empty', () => {
    expect(normalise(undefined)).toBe('');
    expect(normalise(42)).toBe('');
  });
});

describe('clauses and fillers', () => {
  test('splits on both separators', () => {
    expect(clauses('有没有发烧?没有,谢谢')).toEqual(['有没有发烧', '没有', '谢谢']);
  });

  test.each([
    ['leading hesitation', '嗯那个没有', '没有'],
    ['trailing particles', '没有啊呀', '没有'],
    ['dialect particle', '没得嘞', '没得'],
    ['filler only', '嗯嗯嗯', ''],
  ])('%s: %s -> %s', (_name, clause, expected) => {
    expect(stripFillers(clause)).toBe(expected);
  });
});
