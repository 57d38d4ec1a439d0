import { classify } from '../../../src/core/classifier/index.js';
import { keypadTemperature } from '../../../src/core/classifier/keypad.js';

describe('keypad digits on the fever question', () => {
  test.each([
    ['1 is yes', '1', 'fever'],
    ['2 is no', '2', 'no_fever'],
    ['3 is neither', '3', 'unclear'],
    ['two keys', '12', 'unclear'],
    ['star', '*', 'unclear'],
    ['terminator ignored', '1#', 'fever'],
    ['full-width digit', '２', 'no_fever'],
  ])('%s: %s -> %s', (_name, digits, label) => {
    const c = classify({ text: '', digits });
    expect(c.label).toBe(label);
    expect(c.rule).toMatch(/^keypad/);
  });

  test('digits win over speech', () => {
    expect(classify({ text: '没有', digits: '1' }).label).toBe('fever');
    expect(classify({ text: '有', digits: '2', prompt: 'keypad' }).label).toBe('no_fever');
  });

  test('empty digits fall back to speech', () => {
    expect(classify({ text: '有', digits: '' }).label).toBe('fever');
  });

  test.each([
    ['spoken digit', '一', 'fever'],
    ['spoken 2', '2', 'no_fever'],
    ['按1', '按1', 'fever'],
    ['speech on the keypad prompt', '没有', 'no_fever'],
    ['silence on the keypad prompt', '', 'unclear'],
  ])('keypad prompt, %s: %s -> %s', (_name, text, label) => {
    expect(classify({ text, prompt: 'keypad' }).label).toBe(label);
  });
});

describe('keypad digits on the temperature question', () => {
  test.each([
    ['three digits', '385', 38.5],
    ['star as decimal point', '38*5', 38.5],
    ['two digits', '37', 37],
    ['with terminator', '373#', 37.3],
    ['four digits', '3675', 36.75],
  ])('%s: %s -> %d', (_name, digits, value) => {
    expect(keypadTemperature(digits)).toBeCloseTo(value, 5);
  });

  test.each([['one digit', '3'], ['implausible', '999'], ['letters', 'ab'], ['empty', '']])('%s: %s is no temperature', (_name, digits) => {
    expect(keypadTemperature(digits)).toBeNull();
  });

  test.each([
    ['fever', '385', 'fever', 38.5],
    ['at the threshold', '373', 'fever', 37.3],
    ['normal', '366', 'no_fever', 36.6],
    ['implausible', '999', 'unclear', null],
  ])('%s: %s', (_name, digits, label, t) => {
    const c = classify({ text: '', digits, prompt: 'temperature' });
    expect(c.label).toBe(label);
    expect(c.temperatureC).toBe(t);
  });
});

describe('spoken answers to the temperature question', () => {
  test.each([
    ['Chinese numerals', '三十八度五', 'fever', 38.5],
    ['digits', '38.5', 'fever', 38.5],
    ['bare integer', '三十八', 'fever', 38],
    ['three digits spoken', '三八五', 'fever', 38.5],
    // Asked only after a fever was reported: a normal reading is a fever gone down.
    ['normal: a fever gone down, never no_fever', '三十六度八', 'fever', 36.8],
    ['not measured', '没量', 'unclear', null],
    ['does not know', '不知道', 'unclear', null],
    ['bare no means no reading', '没有', 'unclear', null],
    ['implausible', '一百', 'unclear', null],
  ])('%s: %s', (_name, text, label, t) => {
    const c = classify({ text, prompt: 'temperature' });
    expect(c.label).toBe(label);
    expect(c.temperatureC).toBe(t);
  });
});
