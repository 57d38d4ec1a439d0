import { parseChineseInteger, toNumericView } from '../../../src/core/classifier/numerals.js';

describe('parseChineseInteger', () => {
  test.each([
    ['units', '五', 5],
    ['tens', '三十七', 37],
    ['ten alone', '十', 10],
    ['ten and units', '十二', 12],
    ['hundred with zero', '一百零五', 105],
    ['hundred', '一百', 100],
    ['两 as two', '两', 2],
    ['digit by digit', '三七', 37],
    ['three digits read out', '三八五', 385],
    ['〇 as zero', '三〇', 30],
  ])('%s: %s -> %d', (_name, run, value) => {
    expect(parseChineseInteger(run)).toBe(value);
  });

  test.each([
    ['spoken range', '三十七八'],
    ['repeated unit', '十十'],
    ['unit after larger unit out of order', '十百'],
    ['empty', ''],
  ])('%s: %s is not one number', (_name, run) => {
    expect(parseChineseInteger(run)).toBeNull();
  });
});

describe('toNumericView', () => {
  test.each([
    ['degree and tenth', '三十七度五', '37度5'],
    ['spoken decimal point', '三十八点二', '38.2'],
    ['mixed numerals', '三十七度5', '37度5'],
    ['arabic decimal point word', '37点5度', '37.5度'],
    ['approximate', '三十九度多', '39度多'],
    ['spoken range', '三十七八度', '37~38度'],
    ['two numbers back to back', '老二三十七度六', '老2|37度6'],
    ['not a decimal point', '有一点热', '有1点热'],
    ['no numerals', '没有发烧', '没有发烧'],
  ])('%s: %s -> %s', (_name, text, view) => {
    expect(toNumericView(text)).toBe(view);
  });
});
