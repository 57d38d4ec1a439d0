import { classify } from '../../../src/core/classifier/index.js';
import { extractTemperatures, FEVER_THRESHOLD_C, highestExact, temperatureVerdict } from '../../../src/core/classifier/temperature.js';
import { normalise } from '../../../src/core/classifier/normalise.js';

function read(text: string, bare = false) {
  const readings = extractTemperatures(normalise(text), { bare });
  return { exact: highestExact(readings), verdict: temperatureVerdict(readings) };
}

describe('temperatures stated exactly', () => {
  test.each([
    ['Chinese numerals with 度 and tenth', '三十七度五', 37.5],
    ['digits with 度 and tenth', '37度5', 37.5],
    ['spoken decimal point', '三十八点二', 38.2],
    ['Celsius sign', '38.6℃', 38.6],
    ['degree sign and c', '39.1°C', 39.1],
    ['trailing c', '38.5c', 38.5],
    ['左右 keeps the value', '三十七度四左右', 37.4],
    ['大约 keeps the value', '大约三十八度三', 38.3],
    ['half a degree', '三十七度半', 37.5],
    ['full-width digits', '３８．５', 38.5],
    ['full stop as decimal point', '38。2度', 38.2],
    ['bare decimal number', '37.8', 37.8],
    ['bare integer after 体温', '体温37', 37],
    ['bare integer after 烧到', '烧到39', 39],
    ['integer with 度', '四十度', 40],
    ['several people: the highest counts', '我三十六度八,我老伴三十七度九', 37.9],
    ['two numbers back to back', '老大三十六度九老二三十七度六', 37.6],
    ['mixed numerals and digits', '三十七度5', 37.5],
    ['点 then 度', '三十七点九度', 37.9],
  ])('%s: %s -> %d', (_name, text, value) => {
    expect(read(text).exact).toBeCloseTo(value, 5);
  });
});

describe('temperatures that are not exact', () => {
  test.each([
    ['多 above a fever', '三十九度多', 'fever'],
    ['多 just under the threshold may be a fever', '三十七度多', 'fever'],
    ['多 well under the threshold', '三十六度多', 'normal'],
    ['spoken range', '三十七八度', 'fever'],
    ['range with 到', '38到39度', 'fever'],
    ['range with 、', '三十七、八度', 'fever'],
    ['bound under the threshold', '不到37度', 'normal'],
    ['bound above the threshold is not a no', '没到三十八度', 'ambiguous'],
    ['以上', '三十八度以上', 'fever'],
    ['nearly 39', '快39度了', 'fever'],
  ])('%s: %s -> %s, no exact value', (_name, text, verdict) => {
    expect(read(text)).toEqual({ exact: null, verdict });
  });
});

describe('numbers that are not temperatures', () => {
  test.each([
    ['Fahrenheit-like', '一百度'],
    ['too low', '3度'],
    ['age', '我儿子38岁'],
    ['building number', '38号楼'],
    ['count of people', '我家3口人'],
    ['phone number', '13812345678'],
    ['year', '2023年'],
    ['a bare integer with no context', '他说38个'],
    ['freezing', '零下三度'],
  ])('%s: %s', (_name, text) => {
    expect(read(text)).toEqual({ exact: null, verdict: null });
  });
});

describe('the temperature prompt reads bare numbers', () => {
  test.each([
    ['bare Chinese integer', '三十八', 38, 38],
    ['three digits carry a decimal', '385', 38.5, null],
    ['digits read out one by one', '三八五', 38.5, null],
    ['bare two-digit integer', '37', 37, 37],
    ['a bare integer inside a sentence', '我看是38', 38, 38],
    ['a bare integer with no context', '他38', 38, null],
  ])('%s: %s -> %d (fever question: %s)', (_name, text, onTemperaturePrompt, onFeverPrompt) => {
    expect(read(text, true).exact).toBeCloseTo(onTemperaturePrompt, 5);
    expect(read(text, false).exact).toBe(onFeverPrompt);
  });
});

describe('the 37.3 threshold decides the label', () => {
  test.each([
    ['exactly at the threshold', '三十七度三', 'fever', 37.3],
    ['just under', '三十七度二', 'no_fever', 37.2],
    ['37.1', '三十七度一', 'no_fever', 37.1],
    ['normal', '三十六度六', 'no_fever', 36.6],
    ['digits at threshold', '37.3', 'fever', 37.3],
    ['a fever with 度 after the tenth', '38度2', 'fever', 38.2],
    ['a temperature wins over a denial', '没有发烧,三十七度八', 'fever', 37.8],
    ['normal with a denial', '没有,36.7', 'no_fever', 36.7],
  ])('%s: %s -> %s', (_name, text, label, t) => {
    const c = classify({ text });
    expect(c.label).toBe(label);
    expect(c.temperatureC).toBeCloseTo(t, 5);
  });

  test('threshold constant', () => {
    expect(FEVER_THRESHOLD_C).toBe(37.3);
  });

  test.each([
    ['不是很高 but a fever', '不是很高,三十七度五', 'fever'],
    ['no exact value: fever by 多', '三十八度多', 'fever'],
    ['a bound that cannot rule a fever out', '没到三十八度', 'unclear'],
    ['implausible number falls back to words', '一百度,没有发烧', 'no_fever'],
    ['implausible number and no words', '3度', 'unclear'],
  ])('%s: %s -> %s', (_name, text, label) => {
    expect(classify({ text }).label).toBe(label);
  });
});
