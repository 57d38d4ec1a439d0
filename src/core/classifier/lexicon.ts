/**
 * Phrase lists for what an answer means when it is not about a fever: call back later,
 * wrong number, refusal, not understood, "ask my wife", and "we are all well". Also the
 * shapes of a bare yes or no clause. All on normalised (Simplified, lower-case) text.
 *
 * Each intent is matched and then blanked out of the text before the yes/no shapes are
 * read, so the 没/不/有 inside 没空, 不方便, 有事吗, 没听清 are never taken as an answer.
 */

/** Intents an answer can carry besides yes/no; the order is the masking order. */
export type Intent = 'refused' | 'wrong_number' | 'healthy' | 'callback' | 'ask_household' | 'unclear';

function alternation(words: readonly string[]): RegExp {
  return new RegExp(words.join('|'), 'g');
}

const REFUSED = alternation([
  '(?:别|不要|不用|甭|少)(?:再|老|总|一直)?(?:给我)?(?:打|烦|问|骚扰|来电)',
  '烦不烦', '烦死', '好烦', '真烦', '很烦', '烦人', '烦得很', '骚扰', '诈骗', '骗子', '骗人', '骗钱', '是骗', '搞诈骗',
  '不想(?:跟你|和你|告诉你)?(?:说|讲|回答|告诉|理|配合|接|谈)', '没(?:什么|啥)好说', '懒得', '不接受', '少来', '(?:有点|有些)烦', '不愿(?:意)?(?:说|讲|回答|告诉|配合)?', '不告诉', '不回答', '不(?:方便|能)(?:说|讲|透露|回答|告诉)',
  '无可奉告', '不关你', '关你(?:什么|啥|屁)?事', '管得着', '管不着', '少管', '别管', '你管', '凭什么', '隐私',
  '(?:我)?(?:先)?挂(?:了|掉|断|电话)(?!号|个号|水|吊瓶|针)', '没(?:有)?兴趣', '不感兴趣', '不需要', '不配合', '拒绝', '投诉', '举报', '拉黑', '滚', '神经病', '有毛病', '(?:你)?有病(?:吧|啊|呀)',
]);

const WRONG_NUMBER = alternation([
  '打错', '拨错', '错号', '号码错', '号错', '找错', '弄错人',
  '没(?:有)?(?:这个|这|此)(?:个)?人', '查无此人', '不是(?:他|她|本人|我家|这家|你要找)', '(?:我)?不认识(?:他|她|这个人|这人)?',
  '换人了', '换号', '换了号', '换了人', '号(?:码)?(?:换|给别人|转给)', '换主人', '新换的号',
  '不住(?:这|那|在|这个|那个|本)', '搬走', '搬家了', '早就?搬', '不在这(?:里|儿)?住', '不是(?:这个|那个|本|你们)(?:小区|社区|楼)', '不是(?:户主|业主|他家|他们家)', '号码?(?:已经|早就|早)?换', '没(?:有)?叫(?:这个|这)', '没这个名字',
  '你找(?:哪个|哪位|谁)', '找(?:哪个|哪位|谁)', '没这号人', '(?:新|刚)(?:换|买|办)的', '换(?:了)?(?:手机)?号',
]);

// Well: the household is fine. Not after 不/不太 ("不太好" is not well).
const NOT_BEFORE = '(?<!不|不太|不是很|不怎么|没那么|不大)';
const HEALTHY = alternation([
  `${NOT_BEFORE}(?:都|全都|全|也都|一切|大家都|全家都|家里都|我们都|身体都|身体也|身体|体温都|体温也|体温|温度)(?:挺|很|蛮|还|还算|比较|非常|特别)?(?:好|健康|正常|平安|不错|ok|没事|没问题|不高)(?!了)`,
  `${NOT_BEFORE}(?:挺|很|蛮|非常|特别|比较|都还)(?:好|健康|正常|不错)(?!了)`,
  '好着呢', '好好的', '(?:没有|没得|莫得|冇得|冇|木有|么得|没)(?:啥|什么|啥子)?(?:事|问题)', '好得很', '健健康康', '平平安安', '没(?:有)?(?:啥|什么)?事', '没(?:有)?(?:啥|什么)?问题', '没(?:有)?(?:任何|什么|啥)?(?:症状|异常|毛病|情况)', '没(?:什么|啥)(?!意思|时间|空)', '放心', '不用担心', '别担心',
  `${NOT_BEFORE}(?:健康|平安|正常)`, '还好', '还行', '还可以', '一切安好',
]);

const CALLBACK = alternation([
  '(?:有点|有些)?(?<!帮|急|不)忙', '开会', '在会上', '开车', '驾车', '在路上', '在高速', '在地铁', '在公交', '不(?:太)?方便', '没(?:有)?(?:空|时间|工夫)', '抽不开身', '走不开',
  '(?:等|过)(?:一)?会(?:儿)?', '等(?:一)?下(?:再)?', '待会', '呆会', '一会(?:儿)?再', '晚(?:一)?点', '晚些', '晚上再', '稍后', '回头', '改天', '下次再', '明天再', '以后再(?:说|打|聊)',
  '再(?:打|联系|打给我|打过来|打来)', '(?:上午|下午|中午|晚上|明天|后天|明早|早上|周末)(?:再)?(?:打|说|联系|聊)', '没法(?:说|接|讲|聊)', '(?:不好|不能)接', '稍等',
  '在(?:单位|公司|厂里|学校|上课|店里|工地|车上|打牌|打麻将|打电话)', '回(?:个)?电话', '回电', '(?<!没)有(?:点)?事(?!吗|么|嘛|情吗|儿吗)', '在(?:上班|工作|干活|做饭|烧饭|吃饭|睡觉|洗澡|带孩子|外面|外地|忙)', '上班呢', '吃饭呢', '睡觉呢',
]);

// "我问一下我老婆": the resident will find out; unclear (or a call back) but no answer.
const ASK_HOUSEHOLD = alternation(['(?:我)?(?:去|先|得|要|帮你)?问(?:一下|一声|问|下)', '(?:我)?(?:去|先|得|要)问(?:我|他|她)']);

const UNCLEAR = alternation([
  '喂', '听不(?:太)?(?:见|清|到|懂|明白)', '没(?:有)?听(?:清|见|到|懂|明白)', '不(?:太)?懂', '没懂', '不(?:太)?明白', '不理解', '搞不懂',
  '(?:啥|什么|啥子)意思', '你说(?:啥|什么|的啥|嘛)', '说(?:的)?(?:什么|啥)', '再说一(?:遍|次|下)', '重复', '大(?:一)?点?声', '慢(?:一)?点', '声音太小', '没听',
  '没(?:太)?(?:明白|懂|搞懂|听懂|反应过来)',
  '(?:什么|啥|啥子)事', '有事(?:吗|么|嘛|情吗)', '有(?:什么|啥|啥子)(?:事|问题)', '有何贵干', '干(?:嘛|什么|啥)',
  '(?:你|您)(?:是|们是)?(?:谁|哪位|哪个|哪里|哪儿|什么|哪个单位)', '哪位', '谁啊', '谁呀', '是谁', '哪里打', '(?:什么|啥)东西',
  '不知道', '不晓得', '晓不得', '不(?:太)?清楚', '说不准', '不好说', '说不好', '不确定', '拿不准', '没数', '搞不清',
  '(?:还)?没(?:有)?(?:量|测)', '没来得及', '没(?:有)?(?:体温计|温度计|体温表)', '忘了(?:量|测)', '不知(?:道)?多少',
  '有人(?:在)?吗', '在吗', '在不在', '耳朵不好', '耳背', '聋', '机器人', '人工', '真人', '信号(?:不好|差)', '(?:什么|哪个)社区',
  '有何', '你好', '您好', '(?:有|是|干|说|做|为)?(?:什么|啥)',
]);

/** Intent lexicons in the order they are matched and masked. */
export const INTENT_LEXICON: ReadonlyArray<readonly [Intent, RegExp]> = [
  ['refused', REFUSED],
  ['wrong_number', WRONG_NUMBER],
  ['callback', CALLBACK],
  ['healthy', HEALTHY],
  ['ask_household', ASK_HOUSEHOLD],
  ['unclear', UNCLEAR],
];

// Who or how: words that may come before a bare yes/no without changing it.
const SUBJECT =
  '(?:我们家|我们|我家|咱们|咱家|家里人|家里|家人|全家|一家人|大家|他们|她们|老人|孩子|小孩|老公|老婆|爱人|媳妇|儿子|女儿|老伴|我|咱|他|她|家|这边|这里)';
const ADVERB =
  '(?:暂时|目前|现在|今天|最近|这几天|这两天|肯定|绝对|真的|确实|基本上|基本|一个都|一个也|一个|谁都|谁也|倒是|倒|其实|从来|根本|完全|并|那|都|也|还|是)';
const HEDGE = '(?:我觉得|觉得|我感觉|感觉|我看|我想|应该|好像|可能|大概|估计|也许|似乎|或许|貌似|说不定|算是)';
const LEAD = `(?:${SUBJECT}|${ADVERB}|${HEDGE})*`;
const NEGATOR_WORD = '(?:没有|么有|没得|没的|莫得|冇得|冇有|木有|木得|么得|冒得|莫有|哪有|哪里有|哪儿有|没|冇|无|否|不是|不)';

/** A clause that says "no": 没有, 都没有, 没得没得, 冇, 我们家没有人, 不是. */
export const NO_CLAUSE = new RegExp(`^${LEAD}(?:${NEGATOR_WORD}(?:人|有人|的事|的|了|过|哦|啊|呀|呢)*)+$`);
/** A clause that says "yes, someone has": 有, 有的, 有有有, 有人, 有一个, 我老公有, 应该是有. */
export const YES_CLAUSE = new RegExp(`^${LEAD}(?:有(?:的|人|个|一个|两个|几个|俩|过|了|呢|啊|呀|嘞|哦)*)+$`);
/** A clause that agrees ("是的", "对对对"): yes to the question, or agreement with a "no" said with it. */
export const AGREE_CLAUSE = new RegExp(`^${LEAD}(?:是的|是啊|是|对的|对啊|对|没错|确实|对头|嗯)+$`);
/** "有一点", "一点点": a little — of what the question asked. */
export const LITTLE_CLAUSE = new RegExp(`^${LEAD}有?(?:一)?(?:点点|点儿|点|些)$`);
/** Hedge words: a yes said with them may be fever or unclear. */
export const HEDGE_WORDS = new RegExp(HEDGE);
/** "不是我,是我儿子": a denial for one person, then another named. */
export const NOT_ME_CLAUSE = /^(?:不是)(?:我|我们|他|她)$/;
export const OTHER_PERSON_CLAUSE = /^(?:而|就|只有)?是(?:我|我家|我们家)?(?:的)?[\u4e00-\u9fff]{1,4}$/;
