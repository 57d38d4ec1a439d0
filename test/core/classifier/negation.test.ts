import { classify } from '../../../src/core/classifier/index.js';
import type { AnswerLabel } from '../../../src/core/classifier/index.js';

const label = (text: string) => classify({ text }).label;

describe('fever words and the scope of their negation', () => {
  test.each<[string, string, AnswerLabel]>([
    ['plain denial', '没发烧', 'no_fever'],
    ['no one', '没人发烧', 'no_fever'],
    ['no one, long form', '没有人发热', 'no_fever'],
    ['everyone denies', '都没发烧', 'no_fever'],
    ['never had one', '从来没发过烧', 'no_fever'],
    ['denial after the word', '发烧的没有', 'no_fever'],
    ['none of them', '一个发烧的都没有', 'no_fever'],
    ['topic then denial', '发烧倒是没有,就是咳嗽', 'no_fever'],
    ['listed complaints denied after', '发烧咳嗽都没有', 'no_fever'],
    ['listed complaints denied before', '没有发烧咳嗽', 'no_fever'],
    ['listed with 、', '发烧、咳嗽、乏力都没有', 'no_fever'],
    ['不 denies', '我不发烧', 'no_fever'],
    ['dialect 没得', '家里没得人发烧', 'no_fever'],
    ['dialect 冇', '冇人发烧', 'no_fever'],
    ['Traditional', '沒有人發熱', 'no_fever'],
    ['temperature words denied', '体温不高', 'no_fever'],
    ['一直没退烧 denies 退, not the fever', '一直没退烧', 'fever'],
    ['fever not gone', '烧还没退呢', 'fever'],
    ['other clause names a fever', '我没有,但是我老公发烧了', 'fever'],
    ['no comma between the clauses', '我不发烧但我儿子发烧', 'fever'],
    ['no separator at all', '我没有我老公发烧了', 'fever'],
    ['contrast with 不是', '不是我爸,是我弟发烧', 'fever'],
    ['contrast without a fever word', '不是我,是我儿子', 'fever'],
    ['one yes one no', '我妈发烧了,我爸没有', 'fever'],
    ['没想到 is no denial', '没想到发烧了', 'fever'],
    ['no cough but a fever', '没有咳嗽有发烧', 'fever'],
    ['degree word weakens, not denies', '不太烧', 'fever'],
    ['a gone fever is not a no (不…了)', '已经不烧了', 'fever'],
    ['a gone fever is not a no (没再)', '没有再发烧了', 'fever'],
    ['fever went down', '昨天发烧今天退了', 'fever'],
    ['was ill, now fine', '前几天烧过,现在好了', 'fever'],
    ['hedged fever', '好像有一点发热', 'fever'],
    ['warm to the touch', '摸着有点烫', 'fever'],
    ['fever medicine taken', '吃了退烧药', 'fever'],
    ['no fever medicine, no fever', '没吃退烧药,没发烧', 'no_fever'],
    ['hypothetical fever', '如果发烧我会说的', 'unclear'],
    ['cooking is not a fever', '在烧饭呢', 'callback'],
  ])('%s: %s -> %s', (_name, text, expected) => {
    expect(label(text)).toBe(expected);
  });
});

describe('echoes of the question', () => {
  test.each<[string, string, AnswerLabel]>([
    ['echo then no', '有没有发烧?没有', 'no_fever'],
    ['echo then yes', '有没有人发烧?有', 'fever'],
    ['echo with 吗', '发烧吗?没有啊', 'no_fever'],
    ['bare echo', '发烧?没有', 'no_fever'],
    ['你问 echo', '你问有没有人发烧啊,没有', 'no_fever'],
    ['echo with 了没有', '发烧了没有?没有', 'no_fever'],
    ['echo alone', '有人发烧吗', 'unclear'],
    ['unsure about the echo', '不知道有没有发烧', 'unclear'],
    ['有人发烧 without 吗 is an answer', '有人发烧', 'fever'],
  ])('%s: %s -> %s', (_name, text, expected) => {
    expect(label(text)).toBe(expected);
  });
});

describe('bare yes and no', () => {
  test.each<[string, string, AnswerLabel[]]>([
    ['有', '有', ['fever']],
    ['嗯有', '嗯有', ['fever']],
    ['有有有', '有有有', ['fever']],
    ['有的有的', '有的有的', ['fever']],
    ['someone', '是的,有人', ['fever']],
    ['one person', '有一个', ['fever']],
    ['a person has', '我老公有', ['fever']],
    ['agreement', '是的', ['fever']],
    ['agreement 对对对', '对对对', ['fever']],
    ['hedged yes', '应该是有吧', ['fever', 'unclear']],
    ['hedged yes 估计', '估计有', ['fever', 'unclear']],
    ['a little', '有一点', ['fever', 'unclear']],
    ['filler only', '嗯嗯嗯', ['fever', 'unclear']],
    ['没有', '没有', ['no_fever']],
    ['没', '没', ['no_fever']],
    ['repeated', '没有没有没有', ['no_fever']],
    ['repeated with particles', '没有啊没有啊', ['no_fever']],
    ['dialect 莫得', '莫得莫得', ['no_fever']],
    ['dialect 木有', '木有', ['no_fever']],
    ['dialect 么得', '么得', ['no_fever']],
    ['dialect 冒得', '冒得', ['no_fever']],
    ['哪有', '哪有啊', ['no_fever']],
    ['none at all', '一个都没有', ['no_fever']],
    ['our family has none', '我们家没有', ['no_fever']],
    ['agreeing with a no', '对,都没有发烧', ['no_fever']],
    ['是的 with a no', '是的,没有', ['no_fever']],
    ['hedged no', '应该没有吧', ['no_fever', 'unclear']],
    ['I think not', '我觉得没有', ['no_fever']],
    ['不是', '不是', ['no_fever', 'unclear']],
    ['yes and no together', '有,没有', ['unclear']],
  ])('%s: %s', (_name, text, accepted) => {
    expect(accepted).toContain(label(text));
  });
});
