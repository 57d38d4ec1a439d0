/**
 * The classes found by the second independent set (test/data/fever-tune2.jsonl and
 * temperature-tune2.jsonl), each with varied examples of our own rather than its lines.
 */
import { classify } from '../../../src/core/classifier/index.js';
import type { Symptom } from '../../../src/core/classifier/index.js';
import { table } from '../../helpers/classifierTable.js';

table('an exception said in the clause before a denial is the excepted one\'s fever', [
  ['the speaker excepted', '除了我自己,家里没人发烧', ['fever']],
  ['the old partner excepted', '除了我老伴,其他人都没发烧', ['fever']],
  ['the baby excepted, no fever word', '除了小宝,别的都没有', ['fever']],
  ['除开', '除开我女儿,家里没人烧', ['fever']],
  ['a symptom excepted is no fever', '除了咳嗽,没发烧', ['no_fever']],
  ['tiredness excepted is no fever', '除了有点累,别的都没有', ['no_fever']],
]);

table('double negation is no "no"', [
  ['并不是没有, then who', '并不是没有,我儿子昨晚有点热', ['fever']],
  ['倒也不是没人', '倒也不是没人烧', ['fever', 'unclear']],
  ['not unmeasured but unmeasured', '不是没有发烧,是没量', ['fever', 'unclear']],
  ['不是没人, no reading', '也不是没人,就是还没测', ['fever', 'unclear']],
  ['不是没发烧', '不是没发烧', ['fever', 'unclear']],
]);

table('the fever word as a topic, then denied', [
  ['热倒是不热', '热倒是不热,就是咳嗽', ['no_fever']],
  ['发烧是没发烧', '发烧是没发烧,有点嗓子疼', ['no_fever']],
  ['发烧呢没发烧', '发烧呢没发烧', ['no_fever']],
]);

table('the question said back, then answered', [
  ['with a particle', '啊?发烧啊,没有', ['no_fever']],
  ['without a question mark', '嗯发烧,没得', ['no_fever']],
  ['after asking what was said', '你说什么?哦,发烧,没有没有', ['no_fever']],
  ['then a yes', '发烧呀,有', ['fever']],
  ['then not knowing', '发烧啊,我不知道', ['unclear']],
]);

table('out for the day is still the household; a relative with a home of their own is not', [
  ['nursery, the carer reports', '我儿子在托儿所,阿姨说他有点烧', ['fever']],
  ['school, the head teacher reports', '闺女今天上学去了,班主任说她发热', ['fever']],
  ['school, the teacher phoned', '孩子在学校,老师打电话说发烧了', ['fever']],
  ['at the office, she says', '老婆在公司上班,她说她有点发烧', ['fever']],
  ['works in another city', '我儿子在上海工作,他说他发烧了', ['no_fever']],
  ['a nephew', '我外甥发烧了,我们家都好', ['no_fever']],
  ['a cousin\'s household', '我表姐家孩子发热,我们都没有', ['no_fever']],
  ['the caller addressed as master', '师傅,有人发烧', ['fever']],
  ['the caller addressed as teacher', '老师,发烧了', ['fever']],
  ['the caller addressed as uncle', '叔叔,发烧了,我妈妈', ['fever']],
  ['my uncle', '我叔叔发烧了,他自己住', ['no_fever']],
  ['a nephew who lives with us', '我侄子发烧了,他跟我们一起住', ['fever']],
]);

table('a fever long ago, and now well', [
  ['years ago, then how bad, then now', '前几年得过肺炎,烧了好几天,现在好得很', ['no_fever']],
  ['rhetorical now', '小时候经常发烧,现在哪里还烧', ['no_fever']],
  ['that year', '那年发高烧住院,如今早没事了', ['no_fever']],
  ['早几年, Cantonese now', '早几年成日发烧,而家冇啦', ['no_fever']],
  ['when young', '年轻的时候老发高烧,现在没有了', ['no_fever']],
  ['long ago, then someone now, then not knowing', '小时候老发烧,孩子发烧了,现在不知道', ['fever', 'unclear']],
  ['long ago, then someone named', '前几年阳过,我老公烧得厉害,现在好点了', ['fever', 'unclear']],
  ['long ago and again these days', '前几年发过烧,这两天又烧起来了', ['fever']],
  ['long ago, gone, then again', '去年发过烧,这两天又烧了,现在好了', ['fever', 'unclear']],
]);

table('dialect: Wu 勿/勿要/伐, Cantonese 唔系/呢度/系', [
  ['Wu, nobody', '侬好,阿拉屋里厢侪勿发烧', ['no_fever']],
  ['Wu, stop calling', '勿要打了,烦死了', ['refused']],
  ['Wu, a question then not knowing', '有热度伐我勿晓得', ['unclear']],
  ['Cantonese, wrong number', '唔系啊,你打错号码喇', ['wrong_number']],
  ['Mandarin, wrong number', '不是的,你拨错号了', ['wrong_number']],
  ['Cantonese, a restaurant', '呢度系酒楼', ['wrong_number']],
  ['Cantonese, a cough not a fever', '冇,唔系发烧,系咳', ['no_fever']],
]);

table('refusals, wrong numbers and questions back', [
  ['do not call me again', '别再给我打了', ['refused']],
  ['stop calling', '不要老打来了', ['refused']],
  ['none of your business', '这跟你有什么关系', ['refused']],
  ['关你们啥事', '关你们啥事', ['refused']],
  ['a tea house', '我们这里是茶楼', ['wrong_number']],
  ['not of this estate', '我不是你们社区的人', ['wrong_number']],
  ['a business answering with its name', '您好,宏发五金店', ['wrong_number']],
  ['who do you want', '喂,你找哪位啊', ['unclear', 'wrong_number']],
  ['a beauty salon', '这边是美容院', ['wrong_number']],
  ['gone to hospital is no place answering', '这孩子去医院了', ['unclear', 'fever']],
  ['in hospital these days is no place answering', '这两天在医院', ['unclear', 'fever']],
  ['不能说没有 is no refusal', '也不能说没有', ['fever', 'unclear']],
  ['my mother\'s home', '我不住这,这里是我爸妈家,他们发没发烧我不清楚', ['unclear']],
  ['no time to measure is no call-back', '没时间量,不过人都挺精神', ['unclear', 'no_fever']],
]);

table('a hedged word beside a normal reading, a cold and nothing else', [
  ['有点烫 but 36.8', '摸着有点烫,量了三十六度八', ['unclear'], 36.8],
  ['不算发烧', '有一点点热,三十七度,不算发烧吧', ['unclear', 'no_fever'], 37],
  ['a runny nose, nothing else', '就是鼻塞,其他的没有', ['no_fever']],
]);

table('numbers: 卅/廿, banker\'s numerals, digits beside 十, 十 misheard, homophones after 度, pauses, alternatives, Fahrenheit', [
  ['卅', '卅八度五', ['fever'], 38.5],
  ['banker\'s numerals', '叁拾捌度', ['fever'], 38],
  ['digits beside 十', '3十7度8', ['fever'], 37.8],
  ['十 heard as 室', '三室九度', ['fever'], 39],
  ['十 heard as 实', '三实八度二', ['fever'], 38.2],
  ['度巴 is 度八', '三十八度巴', ['fever'], 38.8],
  ['度思 is 度四', '三十七度思', ['fever'], 37.4],
  ['度务 is 度五', '三十八度务', ['fever'], 38.5],
  ['度留 is 度六', '三十九度留', ['fever'], 39.6],
  ['度吧 is a particle', '三十九度吧', ['fever'], 39],
  ['a pause around 点', '三十九……点……二', ['fever'], 39.2],
  ['a filler after 点', '三十八点,嗯,六', ['fever'], 38.6],
  ['a pause after 度', '三十八度,呃,五', ['fever'], 38.5],
  ['either of two', '三十九还是四十,记不清了', ['fever'], null],
  ['either of two, with 度', '三十八度五,或者三十八度六', ['fever'], null],
  ['Fahrenheit said after', '一百零三华氏度', ['fever'], null],
  ['Fahrenheit said before', '华氏一百零一度', ['fever'], null],
  ['Fahrenheit and Celsius', '一百零二华氏度,也就是三十八点九', ['fever'], 38.9],
  ['Fahrenheit normal is no fever here', '华氏九十八度', ['fever', 'unclear'], null],
], 'temperature');

describe('symptom words: 乏, 蔫, 没劲/没力, 喉咙好痛, 拉了几次', () => {
  const cases: Array<[string, Symptom]> = [
    ['人很乏', 'fatigue'],
    ['孩子蔫蔫的', 'fatigue'],
    ['有点没劲儿', 'fatigue'],
    ['浑身没力', 'fatigue'],
    ['一点力气都没有', 'fatigue'],
    ['冇发烧,不过个喉咙好痛', 'sore_throat'],
    ['没烧,不过喉咙有点痛', 'sore_throat'],
    ['拉了两回了', 'diarrhea'],
    ['上厕所拉了好多趟', 'diarrhea'],
  ];
  test.each(cases)('%s names %s', (text, symptom) => {
    expect(classify({ text }).symptoms).toContain(symptom);
  });
  test('缺乏 is not tiredness', () => {
    expect(classify({ text: '缺乏锻炼' }).symptoms).not.toContain('fatigue');
  });
});
