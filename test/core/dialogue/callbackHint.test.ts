import { chineseCount, parseCallbackHint, parseNumeral } from '../../../src/core/dialogue/callbackHint.js';

const DEFAULT = 5400;

const CASES: Array<[text: string, seconds: number, when: string]> = [
  ['半小时后再打吧', 1800, '半小时后'],
  ['过半个小时再打', 1800, '半小时后'],
  ['半个钟头以后', 1800, '半小时后'],
  ['十分钟后打过来', 600, '十分钟后'],
  ['二十分钟以后吧', 1200, '二十分钟后'],
  ['20分钟后', 1200, '二十分钟后'],
  ['等五分钟', 300, '五分钟后'],
  ['四十五分钟后', 2700, '四十五分钟后'],
  ['一个小时后再打', 3600, '一小时后'],
  ['一小时以后', 3600, '一小时后'],
  ['两个小时后', 7200, '两小时后'],
  ['2小时后', 7200, '两小时后'],
  ['三个小时以后', 10800, '三小时后'],
  ['一个半小时后', 5400, '一个半小时后'],
  ['兩個小時後', 7200, '两小时后'],
  ['一刻钟以后', 900, '一刻钟后'],
  ['过几分钟再打', 600, '过几分钟'],
  ['几个小时以后吧', 10800, '晚些时候'],
  ['晚上再打吧', 14400, '晚上'],
  ['下午再说', 7200, '下午'],
  ['明天吧', 86400, '明天'],
  ['明天下午再打', 86400, '明天'],
  ['现在忙，晚点打', DEFAULT, '晚些时候'],
  ['', DEFAULT, '晚些时候'],
  ['零分钟', DEFAULT, '晚些时候'],
  ['一百个小时以后', DEFAULT, '晚些时候'],
];

describe('parseCallbackHint', () => {
  it.each(CASES)('%s -> %i s, %s', (text, seconds, when) => {
    expect(parseCallbackHint(text, DEFAULT)).toEqual({ seconds, when });
  });
});

describe('parseNumeral', () => {
  it.each([
    ['5', 5],
    ['２０', 20],
    ['十', 10],
    ['十五', 15],
    ['二十', 20],
    ['两', 2],
    ['四十五', 45],
    ['一百零五', 105],
    ['三', 3],
  ] as const)('%s -> %i', (s, n) => {
    expect(parseNumeral(s)).toBe(n);
  });

  it('is null for what is not a numeral', () => {
    expect(parseNumeral('半')).toBeNull();
    expect(parseNumeral('')).toBeNull();
  });
});

describe('chineseCount', () => {
  it.each([
    [1, '一'],
    [2, '两'],
    [10, '十'],
    [12, '十二'],
    [20, '二十'],
    [45, '四十五'],
    [120, '120'],
  ] as const)('%i -> %s', (n, s) => {
    expect(chineseCount(n)).toBe(s);
  });
});
