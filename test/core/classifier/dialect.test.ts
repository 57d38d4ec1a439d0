import { standardise } from '../../../src/core/classifier/dialect.js';
import { normalise } from '../../../src/core/classifier/normalise.js';

const std = (s: string) => standardise(normalise(s));

describe('dialect words become standard Mandarin', () => {
  test.each([
    ['Wu: we, all, fever', '阿拉屋里厢侪没寒热', '我们家里都没发烧'],
    ['Wu: question particle at a clause end', '侬打错了伐', '你打错了吗'],
    ['Cantonese: not, is, he, a bit', '唔系,佢有啲烧', '不是,他有点烧'],
    ['Cantonese: none at home', '我哋屋企冇人发烧', '我们家里没有人发烧'],
    ['Sichuan: nothing', '啥子都没得', '什么都没有'],
    ['Wuhan: the kid', '我屋里伢发烧了', '我家里孩子发烧了'],
    ['northeastern: my family', '俺家没人发烧', '我家没人发烧'],
    ['Hakka: I, home, child', '𠊎屋下细人仔发烧', '我家里孩子发烧'],
  ])('%s: %s -> %s', (_name, text, expected) => {
    expect(std(text)).toBe(expected);
  });

  test.each([
    ['系 inside 联系 stays', '晚点联系', '晚点联系'],
    ['什么事 keeps its 什么', '关你什么事', '关你什么事'],
    ['个 inside 一个 stays', '有一个', '有一个'],
    ['standard Mandarin is left alone', '没有,我们都很好', '没有,我们都很好'],
  ])('%s: %s', (_name, text, expected) => {
    expect(std(text)).toBe(expected);
  });
});
