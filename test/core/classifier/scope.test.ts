import { blankOtherScopes, clauseScopes } from '../../../src/core/classifier/scope.js';

const owners = (s: string) => clauseScopes(s).map((c) => c.owner);
const periods = (s: string) => clauseScopes(s).map((c) => c.period);

describe('whose: each clause is about the household or someone elsewhere', () => {
  test.each([
    ['away, then inherited, then home', '我孙子在北京上班,他说有点烧,家里我们俩都好', ['elsewhere', 'elsewhere', 'home']],
    ['a neighbour', '对门那家好像有人发烧', ['elsewhere']],
    ['said after: he does not live here', '是我外甥发烧,他不住这里', ['elsewhere', 'home']],
    ['the speaker away says nothing of the next clause', '我在外地出差,家里老婆发烧了', ['home', 'home']],
    ['a family member brings it home', '隔壁没事,是我自己发烧了', ['elsewhere', 'home']],
  ])('%s: %s', (_name, text, expected) => {
    expect(owners(text)).toEqual(expected);
  });
});

describe('when: long ago or now', () => {
  test.each([
    ['two years ago, and inherited', '前年住院,发过高烧', ['long_ago', 'long_ago']],
    ['long ago, then this time', '以前不怎么发烧,这次烧得厉害', ['long_ago', 'now']],
    ['the last days are now', '前天烧过,今天退了', ['now', 'now']],
  ])('%s: %s', (_name, text, expected) => {
    expect(periods(text)).toEqual(expected);
  });
});

describe('temperatures said about others are blanked', () => {
  test('a clause that itself places them elsewhere, at the same length', () => {
    const s = '我女儿在杭州工作,那边说烧到三十九度,家里都好';
    const out = blankOtherScopes(s, clauseScopes(s));
    expect(out).toHaveLength(s.length);
    expect(out).not.toMatch(/三十九/);
    expect(out).toMatch(/家里都好$/);
  });
  test('an inherited clause is kept (the safe side)', () => {
    const s = '我孙子在北京,他说烧到三十九度';
    expect(blankOtherScopes(s, clauseScopes(s))).toMatch(/三十九度$/);
  });
});
