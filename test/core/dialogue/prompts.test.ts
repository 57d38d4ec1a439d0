import { PROMPT_KEYS, formatTemperature, placeholdersOf, renderPrompt } from '../../../src/core/dialogue/prompts.js';

describe('renderPrompt', () => {
  it.each([
    ['您好，这里是{office}。', { office: '幸福社区居委会' }, '您好，这里是幸福社区居委会。'],
    ['最高体温是{temperature}度', { temperature: '38.5' }, '最高体温是38.5度'],
    ['{when}再打，{when}见', { when: '明天' }, '明天再打，明天见'],
    ['数字 {n}', { n: 3 }, '数字 3'],
    ['没有占位符', { office: 'x' }, '没有占位符'],
    ['缺少 {when}', { office: 'x' }, '缺少 {when}'],
    ['{toString} 不是值', {}, '{toString} 不是值'],
    ['{ office } 不是占位符', { office: 'x' }, '{ office } 不是占位符'],
  ] as const)('%s', (template, vars, expected) => {
    expect(renderPrompt(template, vars)).toBe(expected);
  });
});

describe('placeholdersOf', () => {
  it('lists the placeholders in order', () => {
    expect(placeholdersOf('{office}说{temperature}度{office}')).toEqual(['office', 'temperature', 'office']);
  });
});

describe('formatTemperature', () => {
  it.each([
    [38.5, '38.5'],
    [39, '39'],
    [37.25, '37.3'],
    [38.04, '38'],
  ] as const)('%d -> %s', (c, s) => {
    expect(formatTemperature(c)).toBe(s);
  });
});

describe('PROMPT_KEYS', () => {
  it('lists every key once', () => {
    expect(new Set(PROMPT_KEYS).size).toBe(PROMPT_KEYS.length);
    expect(PROMPT_KEYS).toHaveLength(14);
    expect(PROMPT_KEYS).toContain('voicemail_notice');
  });
});
