/**
 * How people really answer (issue 9): named cases per class, the examples first.
 * Each case gives the labels a reviewer accepts and, where stated, the temperature.
 */
import { classify } from '../../../src/core/classifier/index.js';
import { table } from '../../helpers/classifierTable.js';

table('who and where: a fever outside the household is not this household\'s', [
  ['grandson working in Beijing', '我孙子在北京上班,他说有点烧,家里我们俩都好', ['no_fever']],
  ['the neighbours opposite', '对门那家好像有人发烧', ['no_fever']],
  ['a colleague', '单位有个同事发热,我自己没事', ['no_fever']],
  ['a friend', '我闺蜜发烧了,我没事', ['no_fever']],
  ['lives elsewhere, said after', '我们家没有,是我外甥发烧,他不住这里', ['no_fever']],
  ['their temperature is not ours', '我女儿在杭州工作,那边说烧到三十九度,家里都好', ['no_fever'], null],
  ['the speaker away, the wife at home: fever', '我在外地出差,家里老婆发烧了', ['fever']],
  ['neighbours fine, ours ill: fever', '隔壁没事,是我自己发烧了', ['fever']],
  ['colleague fine, wife ill: fever', '我同事没事,我老婆发烧了', ['fever']],
  ['at work is still the household', '我老公在单位发烧了', ['fever']],
  ['a neighbour said it of our child', '隔壁王阿姨说我家孩子发烧了', ['fever']],
  ['theirs and ours', '邻居家的孩子和我家孩子都发烧了', ['fever']],
  ['back from a trip', '老公出差回来发烧了', ['fever']],
  ['back from the home village', '从老家回来就烧了', ['fever']],
]);

table('when: a fever long gone is not a current one; a recent one is never no_fever', [
  ['hospital two years ago', '前年住院发过高烧', ['no_fever']],
  ['around the Spring Festival', '春节那会儿烧过早就好了', ['no_fever']],
  ['childhood', '小时候老发烧,现在不烧了', ['no_fever']],
  ['a few months back', '几个月前发过烧,现在都好了', ['no_fever']],
  ['last days, gone', '前天还烧着,今天退了', ['fever', 'unclear']],
  ['yesterday, gone', '昨天有点烧,吃了药好了', ['fever', 'unclear']],
  ['long ago, and again now', '去年烧过一次,这两天又烧起来了', ['fever']],
  ['this time', '以前不怎么发烧,这次烧得厉害', ['fever']],
  ['an old fact, then a fever today', '我们家上个月刚搬来,孩子发烧', ['fever']],
]);

table('rhetorical and scoped negation', [
  ['who has a fever, nobody', '谁发烧啊,没人', ['no_fever']],
  ['how could it be', '怎么可能发烧', ['no_fever']],
  ['no such thing', '发烧?没那回事', ['no_fever']],
  ['no fever, a cough', '烧倒是没烧,就是有点咳', ['no_fever']],
  ['not one', '别担心,家里没一个烧的', ['no_fever']],
  ['hot weather, not a fever', '这两天热得慌,不是发烧', ['no_fever']],
  ['where would a fever come from', '哪来的发烧啊,都好', ['no_fever']],
  ['as a topic', '发烧这事,我们家没有', ['no_fever']],
  ['the question answered: fever', '谁发烧?我啊', ['fever']],
  ['except the child: fever', '除了孩子都没发烧', ['fever']],
  ['the exception added after: fever', '我们都没烧,除开我老伴', ['fever']],
  ['an exception that is also well: no fever', '都没发烧,除了我也没有别人了', ['no_fever']],
  ['one no, another yes: fever', '我没有,孩子有', ['fever']],
  ['a no said in doubt', '没发烧吧,我也不确定,脸有点红', ['fever', 'unclear']],
]);

table('plain answers wrapped in chatter', [
  ['hesitation', '呃…这个…没有吧', ['no_fever']],
  ['what happened', '没有啊,出什么事了', ['no_fever']],
  ['thanks', '没有没有,辛苦你们了', ['no_fever']],
  ['nobody ill', '家里没有生病的', ['no_fever']],
  ['hello first', '喂,俺家都没有,谢谢', ['no_fever']],
]);

table('wrong number by place', [
  ['our factory', '这是我们厂里的电话', ['wrong_number']],
  ['a restaurant', '这号是饭店的', ['wrong_number']],
  ['clinic front desk', '这里是诊所前台', ['wrong_number']],
  ['property office', '这是物业办公室', ['wrong_number']],
  ['a shop front, nobody lives here', '我们这里是个门面,没人住', ['wrong_number']],
  ['the house was sold', '这房子卖了,我们不住那里', ['wrong_number']],
  ['"这会儿不行" is no place', '这会儿不行,晚上再联系', ['callback']],
]);

table('call-back by time or by promise', [
  ['after eight', '你八点以后再打', ['callback']],
  ['I will call you', '等我回你电话', ['callback']],
  ['asking my father', '我问下我爸再跟你说', ['callback', 'unclear']],
  ['in a meeting', '正在开会,回头再说', ['callback']],
  ['after landing', '我在飞机上马上起飞,落地再说', ['callback']],
  ['"大声一点" is no time', '我听不太清楚,你大声一点', ['unclear']],
]);

table('dialects', [
  ['Wu: none of us', '阿拉屋里厢侪没寒热', ['no_fever']],
  ['Wu: mother feverish', '阿拉姆妈有点寒热', ['fever']],
  ['Wu: question particle', '啥个寒热伐', ['unclear']],
  ['Cantonese: nobody', '我哋屋企冇人发烧', ['no_fever']],
  ['Cantonese: he has a bit', '系啊,佢有啲烧', ['fever']],
  ['Cantonese: do not call again', '唔好再打嚟啦', ['refused']],
  ['Cantonese: nobody unwell', '冇人唔舒服', ['no_fever']],
  ['Sichuan: nothing at all', '啥子都没得', ['no_fever']],
  ['Sichuan: my kid', '我娃儿发烧了', ['fever']],
  ['Wuhan: none', '冇得人发烧', ['no_fever']],
  ['Wuhan: kid hot', '我屋里伢发烧了', ['fever']],
  ['northeastern: all great', '杠杠的,没人发烧', ['no_fever']],
  ['northeastern: what for', '你嘎哈的', ['unclear']],
  ['Hakka: none at home', '冇,𠊎屋下冇人发烧', ['no_fever']],
  ['Hakka: my child', '𠊎个细人仔发烧', ['fever']],
  ['"滚烫" is hot, not "go away"', '我老婆额头滚烫,嗓子哑了', ['fever']],
  ['"关你什么事" keeps its 什么', '关你什么事', ['refused']],
]);

table('recogniser artefacts in numbers', [
  ['digits split by spaces', '3 9 度 1', ['fever'], 39.1],
  ['homophone 柳 for 六', '三十九度柳', ['fever'], 39.6],
  ['homophone 期 for 七', '三十八度期', ['fever'], 38.7],
  ['homophone on a normal reading', '三十六度柳', ['no_fever'], 36.6],
  ['三四八度 for 三十八度', '三四八度', ['fever'], 38],
  ['三是九度 for 三十九度', '三是九度', ['fever'], 39],
  ['三十九二 without 度', '三十九二', ['fever'], 39.2],
  ['hesitations', '嗯…三十…三十九度…吧', ['fever'], 39],
  ['self-correction', '三十八度,哦不,三十八度六', ['fever'], 38.6],
  ['self-correction downwards', '三十九度,不对,三十八度七', ['fever'], 38.7],
  ['two-digit tail is a range', '三十九度一二', ['fever'], null],
  ['a bit over', '三十九度出头', ['fever'], null],
  // Converted for the label, but no °C was stated (test/data/README.md).
  ['Fahrenheit said', '华氏一百零二度', ['fever'], null],
  ['Fahrenheit by mistake', '一百零一度', ['unclear'], null],
  ['零 keeps its place', '三十九度零五', ['fever'], 39.05],
  ['三十八点多', '三十八点多', ['fever'], null],
]);

table(
  'context of the temperature question (asked only after a fever was reported)',
  [
    ['gone down', '量了一下三十六度九,退下来了', ['fever', 'unclear'], 36.9],
    ['normal now', '现在正常了,三十六度七', ['fever', 'unclear'], 36.7],
    ['below 37.3', '三十七度一', ['fever', 'unclear'], 37.1],
    ['taken back', '我说错了,没人发烧', ['no_fever']],
    ['misheard', '刚才听错了,我们家没有发烧的', ['no_fever']],
    ['no reading', '还没量', ['unclear']],
    ['bare no is no reading', '没有', ['unclear']],
    ['high without a number', '挺高的,具体不知道', ['fever', 'unclear']],
    ['at least', '至少三十八度', ['fever'], null],
    ['three digits', '385', ['fever'], 38.5],
    ['spaced digits', '3 8 5', ['fever'], 38.5],
    ['correction', '四十度,哦说错了,三十九度五', ['fever'], 39.5],
    ['range without 度', '三十八九', ['fever'], null],
  ],
  'temperature',
);

describe('the safety rule on the temperature question', () => {
  test.each(['三十六度五', '现在不烧了', '都好了', '正常', '没事了', '退了', '36.8'])('%s is never no_fever', (text) => {
    expect(classify({ text, prompt: 'temperature' }).label).not.toBe('no_fever');
  });
});
