import { classify } from '../../../src/core/classifier/index.js';
import type { AnswerLabel } from '../../../src/core/classifier/index.js';

const label = (text: string) => classify({ text }).label;

function table(name: string, cases: Array<[string, string]>, accepted: AnswerLabel[]) {
  describe(name, () => {
    test.each(cases)('%s: %s', (_name, text) => {
      expect(accepted).toContain(label(text));
    });
  });
}

table(
  'call back later',
  [
    ['busy now', '现在忙,等会打'],
    ['a little busy', '现在有点忙'],
    ['in a meeting', '我在开会'],
    ['driving', '我正在开车,不方便接电话'],
    ['not convenient', '我在外面,不方便'],
    ['no time (没 is not an answer)', '没空啊'],
    ['no time, long form', '现在没时间'],
    ['later', '晚点再说'],
    ['in a while', '你一会儿再打'],
    ['another day', '改天再打'],
    ['in the afternoon', '下午再打'],
    ['at work', '我在上班,晚点打过来'],
    ['cooking (烧 is not a fever)', '在烧饭呢,等会再打'],
    ['sleeping', '我在睡觉'],
    ['has something on', '有事,等会再说'],
    ['Traditional', '現在忙'],
  ],
  ['callback'],
);

table(
  'wrong number',
  [
    ['dialled wrongly', '打错了吧'],
    ['no such person', '这里没有这个人'],
    ['not him', '我不是他'],
    ['number changed hands', '号码换人了'],
    ['number changed', '号码已经换了'],
    ['new number', '号码是新换的'],
    ['not this estate', '我不住这个小区'],
    ['moved away', '我们早就搬走了'],
    ['does not know him', '不认识这个人'],
    ['Traditional', '打錯了'],
  ],
  ['wrong_number'],
);

table(
  'who are you looking for',
  [
    ['你找哪个', '你找哪个'],
    ['你找谁', '你要找谁啊'],
  ],
  ['wrong_number', 'unclear'],
);

table(
  'refusal',
  [
    ['stop calling', '别再打了'],
    ['do not call again', '以后不要打了'],
    ['will not say', '不想说'],
    ['will not tell you', '不想跟你说'],
    ['annoyed', '你们烦不烦'],
    ['fraud', '诈骗吧'],
    ['liars', '你们是骗子吧'],
    ['will not answer', '不回答'],
    ['hanging up', '挂了'],
    ['not interested (没 is not an answer)', '没兴趣回答'],
    ['none of your business', '关你什么事'],
    ['nothing to say', '没什么好说的'],
    ['complaint', '我要投诉你们'],
    ['Traditional', '別再打了'],
  ],
  ['refused'],
);

table(
  'not understood',
  [
    ['hello', '喂'],
    ['hello hello', '喂喂,听得到吗'],
    ['cannot hear', '听不见'],
    ['did not catch it (没 is not an answer)', '没听清'],
    ['did not understand', '没听明白'],
    ['what did you say', '你说啥'],
    ['who are you', '你是哪位'],
    ['what is it about', '什么事'],
    ['有事吗 is not a yes', '有事吗'],
    ['有什么问题吗 is not a yes', '有什么问题吗'],
    ['有什么需要 is not a yes', '有什么需要'],
    ['anyone there', '有人在吗'],
    ['do not know', '不知道'],
    ['do not know, dialect', '不晓得'],
    ['hard of hearing', '我耳朵不好'],
    ['did not measure (没 is not an answer)', '没量'],
    ['did not measure yet', '还没量体温'],
    ['no thermometer', '我家里没有体温计'],
    ['robot?', '你是机器人吗'],
    ['just a question mark', '嗯?'],
    ['silence', ''],
    ['OK is no answer', '好的'],
    ['not well is no answer', '不太好'],
  ],
  ['unclear'],
);

table(
  'asking someone at home',
  [
    ['ask my wife', '我问一下我老婆'],
    ['ask my old man', '我得问问我老伴'],
  ],
  ['unclear', 'callback'],
);

table(
  'healthy',
  [
    ['all fine', '都挺好'],
    ['we are all fine', '我们都好'],
    ['the whole family', '全家都好'],
    ['temperatures normal', '体温都正常'],
    ['normal', '正常'],
    ['so far so good', '目前都好'],
    ['all healthy', '都很健康'],
    ['nothing wrong', '都没事'],
    ['nothing wrong, dialect', '没得事'],
    ['no symptoms', '没有任何症状'],
    ['Traditional', '家裡都好'],
    ['no, with thanks', '没有,谢谢你们'],
  ],
  ['no_fever'],
);

describe('a fever wins over any intent', () => {
  test.each([
    ['busy but a fever', '我在开会,家里老人发烧了'],
    ['angry but a fever', '别打了,家里有人发烧'],
    ['driving but a yes', '有,我现在在开车,等会说'],
    ['refusing but a temperature', '不想说,三十八度五'],
    ['not understood then a fever', '刚才没听清,有人发烧'],
  ])('%s: %s', (_name, text) => {
    expect(label(text)).toBe('fever');
  });
});
