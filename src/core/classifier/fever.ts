/**
 * Mentions of fever in an answer and whether each is affirmed, denied or past:
 * 发烧/发热/烧/高烧/低烧/热度/发烫/体温高, 退烧 and 烧退了 (a fever there or just gone).
 * Echoes of the question ("有没有发烧?") are removed first, and words that contain 烧
 * without meaning fever (烧饭, 红烧, 发烧友) are masked.
 */
import { negationScope } from './negation.js';
import { clauseScopes, scopeAt } from './scope.js';

/** How one mention of fever reads. */
export type FeverPolarity = 'current' | 'past' | 'denied' | 'elsewhere' | 'long_ago';

export interface FeverMention {
  text: string;
  polarity: FeverPolarity;
  /** Soft wording ("有点热", "体温不正常"): a fever, but said with doubt. */
  hedged: boolean;
}

// The question repeated back, with or without its question mark. "有人发烧" without
// 吗 is an answer, not an echo, so 有 alone needs the particle.
const ECHOES = new RegExp(
  [
    String.raw`(?:你是问|你问|是问|问我|问)?(?:您|你)?(?:们)?(?:家里|家)?(?:有没有|有无|是否有|是否|是不是有|是不是)(?:人)?(?:在)?(?:发高烧|发烧|发热|烧)?(?:的)?(?:人)?(?:吗|么|嘛|呢|啊)?`,
    String.raw`(?:家里|家)?有人(?:在)?(?:发烧|发热)(?:的)?(?:人)?(?:吗|么|嘛)`,
    String.raw`有?(?:发烧|发热|热度)(?:吗|么|嘛)`,
    String.raw`发没发(?:烧|热)|发不发(?:烧|热)|烧不烧|烧没烧|(?:发烧|发热)不(?:发烧|发热)(?:的)?`,
    String.raw`(?:发烧|发热|烧)(?:了)?(?:没有|没)(?=\?)`,
    String.raw`(?:你说|你是说|你问|是问|问我|问)(?:的是)?(?:家里)?(?:有没有)?(?:人)?(?:发烧|发热)(?:是吧|是吗|吗|啊|呀)?`,
    String.raw`^(?:发烧|发热)(?:是吧|是吗)`,
  ].join('|'),
  'g',
);

// 烧 and 热 in words that are not about fever. Replaced by '_' of the same length.
const NOT_FEVER = /烧饭|烧菜|烧水|烧香|烧烤|烧饼|烧卖|烧麦|烧鸡|烧鹅|烧鸭|烧肉|烧酒|烧纸|烧伤|烧焦|烧火|烧钱|烧开|烧掉|烧毁|烧坏|烧心|烧茄子|烧制|红烧|叉烧|燃烧|焚烧|火烧|干烧|发烧友|退烧后?遗症/g;

// Fever wording. Alternatives are tried left to right, so longer forms come first.
const RECEDING = String.raw`退(?:了)?(?:烧|热)(?!药|贴)|(?:烧|热)(?:也|都|还|早就|早|已经|总算|终于|刚|一直|还没有|还没|没有|没)?退`;
const MEDICINE = String.raw`退(?:烧|热)(?:药|贴)`;
const HEDGED = String.raw`体温(?:不太正常|不大正常|不怎么正常|不正常|异常)|有(?:一点点|一点儿|点点|点儿|一点|点|些)(?:发)?(?:热|烫)|(?:身上|身体|额头|头|脑门|手|摸着|摸起来|感觉)(?:有点|有些|很|挺|好)?(?:烫|热)|发烫|烫手|(?:很|好|挺|特别|滚)烫|阳了|阳过|阳性|确诊了?`;
const PLAIN = String.raw`发(?:着|了|过|起|起了|点儿|点|个|一点)?(?:高|低)?(?:烧|热)|(?:高|低)(?:烧|热)|热度|体温(?:有点|有些|偏|比较|很|挺|还|还是|一直)?高|温度(?:有点|有些|偏|很|挺)?高|烧`;
const FEVER = new RegExp(`(${RECEDING})|(${MEDICINE})|(${HEDGED})|(${PLAIN})`, 'g');

// Words that place a fever in the past ("前几天烧过,现在好了").
const PAST_CONTEXT = /前几天|前两天|昨天|前天|上周|上个星期|上星期|之前|刚才|那几天|退了|好了|康复|痊愈|恢复了/;
// A question that answers itself: 谁发烧啊 (nobody), 怎么可能发烧, 哪有人发烧, 发什么烧.
const RHETORICAL_BEFORE = /(?:哪来的?|哪儿来的?|哪里来的?|谁|哪有人?|哪里有人?|哪儿有人?|哪个|怎么可能|怎么会|哪还|哪里还|哪儿还|哪会|哪能|哪可能|谁说|谁跟你说|谁告诉你)[^,?]{0,6}$|发(?:什么|啥)$/;
// After the fever word: the question mark, then someone named and not denied.
const ANSWERED_WITH_PERSON = /^(?:了|呢|啊|呀)?\?(?:是)?(?:我|孩子|小孩|老人|儿子|女儿|闺女|孙|外孙|爸|妈|老公|老婆|爱人|丈夫|媳妇|老伴|老头|弟|妹|哥|姐|爷|奶|婆婆|公公)(?![^,?]*(?:没|不))/;
// The fever named as a topic, answered after it: "发烧这事,我们家没有".
const TOPIC_AFTER = /^(?:这(?:事|个|方面|种事)|的事|方面)/;
// The fever word said as a topic and then denied: "烧是不烧", "发烧倒是没发烧" (the second one decides).
const TOPIC_REPEATED = /^(?:是|倒是|倒|呢|嘛|啊|么)(?:不|没有|没)(?:发)?(?:烧|热)/;
// The question said back without a question mark, then answered: "哦发烧,没有", "发烧啊,有".
const BARE_THEN_ANSWER = /^(?:啊|呀|吗|是吧)?,(?:(?:没有|没得|没|有的|有)(?:啊|呀|的|哦|吧|呢)*(?:[,?]|$)|我?(?:也)?(?:不知道|不清楚|不晓得|说不好|不好说))/;
// "如果发烧的话我会报告": a fever that may come, not one that is there.
const HYPOTHETICAL_BEFORE = /(?:如果|要是|万一|假如|假设|如有|一旦|若)[^,?]*$/;
const HYPOTHETICAL_AFTER = /^(?:了)?的话/;
// The exception of a denial, said before it or added after it: the one excepted has it.
const EXCEPTED_BEFORE = /(?:除了|除开|除去)[^,?]{1,8}$/;
// ...or in the clause before it when it names a person: "除了我,没人发烧" ("除了咳嗽,没发烧" is not).
export const EXCEPTED_PERSON = /^(?:除了|除开|除去)(?:我|他|她|俺|咱|家里|我家|我们家)?(?:的)?(?:我|他|她|俺|孩子|小孩|大人|老人|儿子|女儿|闺女|孙|外孙|爸|妈|老公|老婆|爱人|丈夫|媳妇|老伴|老头|老太|弟|妹|哥|姐|爷|奶|外公|外婆|姥|婆婆|公公|老大|老二|老三|大宝|二宝|小宝|宝宝)/;
const EXCEPTED_AFTER = /^(?:的|了|啊|呀|呢)?,?(?:除了|除开|除去)(?![^,?]*(?:没|不))[^,?]{1,8}/;
// A clause that is only a fever word and a question mark is the question said back.
const BARE_FEVER_QUESTION = /^(?:什么|啥|啥子)?(?:发烧|发热|烧|高烧)(?:了)?$/;

/** The text without echoes of the question; each echo becomes a clause separator. */
export function removeEchoes(s: string): string {
  return s.replace(ECHOES, (m) => (m.length > 0 ? ',' : m));
}

/** The text with non-fever words containing 烧/热 blanked out (same length). */
export function maskNotFever(s: string): string {
  return s.replace(NOT_FEVER, (m) => '_'.repeat(m.length));
}

/** Every fever mention in echo-free, masked text s, with its polarity. */
export function findFeverMentions(s: string): FeverMention[] {
  if (!/[烧热烫高阳诊温]/.test(s)) return [];
  const mentions: FeverMention[] = [];
  const pastContext = PAST_CONTEXT.test(s);
  const scopes = clauseScopes(s);
  for (const m of s.matchAll(FEVER)) {
    const [text, receding, , hedged] = m;
    const start = m.index;
    const end = start + text.length;
    if (receding !== undefined) {
      // 退烧 / 烧退了 / 一直没退烧: a fever now or one that has just gone; never a "no"
      // unless it was someone else's or long ago.
      const where = scopeAt(scopes, start);
      const polarity: FeverPolarity =
        where?.owner === 'elsewhere' ? 'elsewhere' : /没|未/.test(text) || /没|未/.test(s.slice(Math.max(0, start - 2), start)) ? 'current' : where?.period === 'long_ago' ? 'long_ago' : 'past';
      mentions.push({ text, polarity, hedged: false });
      continue;
    }
    if (isBareQuestion(s, start, end) || HYPOTHETICAL_BEFORE.test(s.slice(Math.max(0, start - 8), start)) || HYPOTHETICAL_AFTER.test(s.slice(end, end + 6))) continue;
    if (TOPIC_AFTER.test(s.slice(end, end + 3)) || TOPIC_REPEATED.test(s.slice(end, end + 5))) continue;
    const scope = negationScope(s, start, end);
    const where = scopeAt(scopes, start);
    let polarity: FeverPolarity;
    // "除了孩子都没发烧" / "都没发烧,除了孙子": the one excepted has it.
    if (scope.negated && (EXCEPTED_BEFORE.test(s.slice(clauseStartOf(s, start), start)) || exceptedBefore(s, start) || EXCEPTED_AFTER.test(s.slice(end)))) {
      mentions.push({ text, polarity: 'current', hedged: false });
      continue;
    }
    // "谁发烧?我啊": the question is answered with who has it.
    if (!scope.negated && RHETORICAL_BEFORE.test(s.slice(clauseStartOf(s, start), start)) && ANSWERED_WITH_PERSON.test(s.slice(end))) {
      mentions.push({ text, polarity: 'current', hedged: false });
      continue;
    }
    if (scope.negated || RHETORICAL_BEFORE.test(s.slice(clauseStartOf(s, start), start))) polarity = !scope.resolved ? 'denied' : where?.period === 'long_ago' || longAgoBefore(mentions) ? 'long_ago' : 'past';
    else if (where?.owner === 'elsewhere') polarity = 'elsewhere';
    else if (where?.period === 'long_ago') polarity = 'long_ago';
    else if (s.startsWith('过', end) || pastContext) polarity = 'past';
    else polarity = 'current';
    mentions.push({ text, polarity, hedged: hedged !== undefined });
  }
  return mentions;
}

/** "小时候老发烧,现在不烧了": a fever that ended after one long ago is that old one. */
function longAgoBefore(mentions: readonly FeverMention[]): boolean {
  return mentions.length > 0 && mentions.every((m) => m.polarity === 'long_ago');
}

function exceptedBefore(s: string, start: number): boolean {
  const here = clauseStartOf(s, start);
  if (here === 0) return false;
  const before = s.slice(clauseStartOf(s, here - 1), here - 1);
  return EXCEPTED_PERSON.test(before) && !/[没不无冇]/.test(before);
}

function clauseStartOf(s: string, i: number): number {
  let from = i;
  while (from > 0 && s[from - 1] !== ',' && s[from - 1] !== '?') from--;
  return from;
}

function isBareQuestion(s: string, start: number, end: number): boolean {
  let from = start;
  while (from > 0 && s[from - 1] !== ',' && s[from - 1] !== '?') from--;
  let to = end;
  while (to < s.length && s[to] !== ',' && s[to] !== '?') to++;
  const clause = s.slice(from, to).replace(/^(?:哦|噢|喔|啊|嗯|呃|哎|哦哦)+/, '').replace(/(?:啊|呀|吗|呢|是吧)$/, '');
  if (!BARE_FEVER_QUESTION.test(clause)) return false;
  return s[to] === '?' || BARE_THEN_ANSWER.test(s.slice(end));
}

/** The text with every fever word replaced by a clause separator. */
export function maskFever(s: string): string {
  return s.replace(FEVER, ',');
}
