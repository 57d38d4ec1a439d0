/**
 * Whose fever and when: each clause of an answer is read for who it is about (this
 * household, or someone who does not live here: a grandson working in Beijing, the
 * neighbours, a colleague) and when (long ago, or now / the last days). A clause that
 * names no one takes its person from the clause before ("我孙子在北京上班,他说有点烧": the
 * second clause is still about the grandson); it keeps a time long ago only while it goes
 * on about that past.
 *
 * The safe side decides doubt: a clause that starts with a family member or the speaker
 * is about the household again ("我在外地出差,老婆发烧了" is a fever at home), so only a
 * fever clearly placed elsewhere or long ago stops counting.
 */

export type Owner = 'home' | 'elsewhere';
export type Period = 'now' | 'long_ago';

export interface ClauseScope {
  start: number;
  end: number;
  owner: Owner;
  period: Period;
  /** The clause itself (not one before it) places what it says elsewhere or long ago. */
  marked: boolean;
}

// Someone outside the household, or a place that is not this home.
const ELSEWHERE = new RegExp(
  [
    '对门', '隔壁', '听说', '我们楼', '这栋楼', '这个楼', '楼里', '小区里', '小区有人', '闺蜜', '哥们', '室友', '战友', '领导', '老板', '老师', '网友', '师傅', '楼上', '楼下', '邻居', '同事', '朋友', '对面', '同学', '老家', '亲戚', '养老院', '(?:单位|公司)(?:那边|里有人|有人|有个)', '那边', '别人家', '人家',
    '外地', '外省', '国外', '部队', '宿舍', '乡下', '农村', '出差', '群里', '那家', '那户', '那栋', '这栋', '小区门口', '嫁',
    // Relatives with homes of their own: "我表哥家孩子烧了", "我姐家的孩子".
    // Words a caller is also addressed by (叔叔,我爸发烧了) count only as someone's: 我叔叔, 孩子的舅舅.
    '(?:表|堂)[哥姐弟妹兄嫂]', '(?<=我|的|他|她|们|孩子)(?:舅舅|舅妈|姑姑|姑妈|姑父|姨妈|姨父|小姨|大姨|叔叔|婶婶|伯伯|大伯)', '侄子', '侄女', '外甥', '亲家', '(?:哥哥|姐姐|弟弟|妹妹|哥|姐|弟|妹|女儿|儿子|闺女)家(?!里人)',
    '(?:在|去)[^,?]{1,5}(?:上班|读书|上学|工作|打工|念书|住|当兵|生活)', '住(?:在)?(?:城|学校|他|她|自己|外)',
    '(?:在|去了|到了)(?:北京|上海|广州|深圳|杭州|武汉|成都|南京|天津|重庆|西安|苏州|长沙|郑州|外面|外头|[^,?]{1,3}(?:市|省|县|镇|村))',
  ].join('|'),
);
// Out for the day and back tonight: kindergarten, school, work ("孙女在幼儿园", "老公今天上班去了") -
// still the household, unlike a grandson who lives and works in Beijing. Taken out before
// ELSEWHERE is tried, unless the clause says they live there (住校, 宿舍).
const DAY_AWAY = /(?:在|去|去了|到|送)(?:幼儿园|托儿所|托班|学校|小学|中学|初中|高中|班上|单位|公司|厂里|上班|上学|上课|补习班|兴趣班)/g;
const LIVES_THERE = /住校|寄宿|宿舍|住在|在[^,?]{0,4}住/;
// Who said it (a teacher, the school, the office) before 说, and what they said about us.
const REPORTER = /(?:老师|学校|幼儿园|单位|公司|领导|医生|班主任|同事)[^,?]{0,6}说/;
// The caller addressed ("师傅,有人发烧", "老师,发烧了"): no one else's clause.
const ADDRESS = /^(?:喂|哎|你好|您好)?(?:老师|师傅|领导|同志|老板|叔叔|阿姨|大姐|大哥|小姑娘|小伙子|姑娘|医生|大夫)(?:啊|呀|你好|您好)?$/;
// Where the speaker is ("我在外地出差") says nothing about whose fever follows.
const SPEAKER_AWAY = /^(?:我|我们|俺|咱)(?:现在|正|人|这会儿)?(?:在|去|出差|到)/;
// Said to live here after all: "我侄子发烧,他住我们家的", "表妹跟我们一起住".
const LIVES_HERE = /住(?:在)?(?:我们家|我家|咱家|这里|这儿|家里)|(?:跟|和|同)(?:我们|我|咱们)(?:一起|一块)?住/;
// The household named beside them: "邻居家的孩子和我家孩子都发烧了".
const ALSO_HOME = /(?:和|跟|还有|以及|连)(?:我|俺|咱|家里)/;
// What someone else said about us: "隔壁王阿姨说我家孩子发烧了" is about our child.
function afterSaid(clause: string): string {
  const said = clause.replace(/听说|据说/g, '__');
  const i = said.lastIndexOf('说');
  return i < 0 ? '' : said.slice(i + 1);
}
// Back from there ("老公出差回来发烧了", "从老家回来就烧了"): here now.
const RETURNED = /回来|回家|到家|回到|刚回|在家/;
// "他不住这里": said after the clause it is about.
const ELSEWHERE_AFTER = /^(?:他|她|他们|她们|人家)?(?:都|也)?(?:不住|没住|不在)(?:这|这里|这儿|家|家里|一起|我们家|我家)|^(?:他|她)(?:不是|不算)(?:我们)?家里/;
// The speaker or a family member as the subject, or the home itself.
const HOME = /^(?:是|就是|但是|可是|不过|而是|倒是|只有|就|还有|那|哦|对了)*(?:我|咱|家|全家|一家|孩子|小孩|大人|老人|儿子|女儿|闺女|孙|外孙|爸|妈|老公|老婆|爱人|丈夫|媳妇|老伴|老头|老太|弟|妹|哥|姐|爷|奶|外公|外婆|姥|婆婆|公公|大宝|二宝|小宝|宝宝|儿媳|女婿)|家里|在家|这边|我这/;

// Long ago: years, seasons and festivals past, months back, childhood.
const LONG_AGO = /前些年|早些年|早几年|头几年|多年前|年轻(?:的)?时(?:候)?|那些年|前年|去年|前几年|几年前|好几年|多年|\d+年前|年初|上半年|春节|过年那|国庆|暑假|寒假|元旦|几个月前|\d+个月前|个月前|半年|上个月|小时候|很久|好久|以前|疫情那|那年/;
// A clause that goes on about that past (发过, 那时候, 早就好了) keeps it; any other is now
// ("我们家上个月刚搬来,孩子发烧": the fever is today's).
const PAST_MARK = /过|那时|那会|那次|那年|的时候|早就|早好|早退|好了|退了|没事了/;
// Now or the last days: a clause saying so is not long ago whatever came before.
const RECENT = /这次|这回|又|现在|今天|今早|早上|昨天|昨晚|前天|这两天|这几天|前几天|前两天|最近|刚才|刚刚|上周|上礼拜|上星期|周末|这会|正在|还在|一直/;

/** The scope of every clause of normalised text s, in order. */
export function clauseScopes(s: string): ClauseScope[] {
  const scopes: ClauseScope[] = [];
  let owner: Owner = 'home';
  let period: Period = 'now';
  let start = 0;
  let namedHome = false;
  for (let i = 0; i <= s.length; i++) {
    if (i < s.length && s[i] !== ',' && s[i] !== '?') continue;
    const clause = s.slice(start, i);
    let marked = false;
    const tested = LIVES_THERE.test(clause) ? clause : clause.replace(DAY_AWAY, '__');
    // "孙女在幼儿园,老师说她发烧了": the teacher reports about the one just named at home.
    const reported = owner === 'home' && namedHome && REPORTER.test(clause) && /^(?:他|她|孩子|小孩)?[^,?]{0,3}(?:发|烧|热|有点|体温)/.test(afterSaid(clause));
    if (reported || ADDRESS.test(clause)) {
      // the household still
    } else if (LIVES_HERE.test(clause)) {
      owner = 'home';
      if (scopes.length > 0 && !scopes[scopes.length - 1]!.marked) scopes[scopes.length - 1]!.owner = 'home';
      else if (scopes.length > 0 && scopes[scopes.length - 1]!.period === 'now') scopes[scopes.length - 1]!.owner = 'home';
    } else if (ELSEWHERE.test(tested) && !SPEAKER_AWAY.test(clause) && !RETURNED.test(clause) && !ALSO_HOME.test(clause) && !HOME.test(afterSaid(clause))) {
      owner = 'elsewhere';
      marked = true;
    } else if (HOME.test(clause)) owner = 'home';
    if (owner === 'home' && HOME.test(clause)) namedHome = true;
    if (LONG_AGO.test(clause) && !RECENT.test(clause)) {
      period = 'long_ago';
      marked = true;
    } else if (RECENT.test(clause) || !PAST_MARK.test(clause)) period = 'now';
    if (ELSEWHERE_AFTER.test(clause) && scopes.length > 0) scopes[scopes.length - 1]!.owner = 'elsewhere';
    scopes.push({ start, end: i, owner, period, marked });
    start = i + 1;
  }
  pastBetween(s, scopes);
  return scopes;
}

// "前几年阳过,烧得可厉害了,现在好好的": between a time long ago and a "now" that is well,
// the clauses that name no time of their own go on about that past.
const NOW_WELL = /^(?:但是|可是|不过|那)?(?:现在|如今|目前|这会儿|而今)(?:身体)?(?:都|也|早就|早|已经)?(?:好|没事|没有了|没有啦|没了|没啦|不烧|不发烧|不发热|哪|健康|正常|挺好|很好)/;

const MIDDLE_PERSON = /^(?:是|就是|但是|可是|还有)?(?:我|咱|孩子|小孩|儿子|女儿|闺女|孙|外孙|爸|妈|老公|老婆|爱人|丈夫|媳妇|老伴|弟|妹|哥|姐|爷|奶|婆婆|公公|大宝|二宝|小宝|宝宝)/;

function pastBetween(s: string, scopes: ClauseScope[]): void {
  const first = scopes.findIndex((sc) => sc.period === 'long_ago');
  if (first < 0) return;
  const well = scopes.findIndex((sc, i) => i > first && NOW_WELL.test(s.slice(sc.start, sc.end)));
  if (well < 0) return;
  for (let i = first + 1; i < well; i++) {
    const sc = scopes[i]!;
    // A clause that is about now, or names someone of its own, is not that past (the safe side).
    const clause = s.slice(sc.start, sc.end);
    if (RECENT.test(clause) || MIDDLE_PERSON.test(clause)) return;
    sc.period = 'long_ago';
  }
}

/** The scope of the clause holding position i. */
export function scopeAt(scopes: readonly ClauseScope[], i: number): ClauseScope | undefined {
  for (const sc of scopes) if (i >= sc.start && i <= sc.end) return sc;
  return undefined;
}

/**
 * The text with every clause that itself places what it says elsewhere or long ago
 * blanked (same length), so a temperature said there ("那边说烧到三十九度") is not read
 * as this household's. Clauses that only inherit such a scope are kept: the safe side.
 */
export function blankOtherScopes(s: string, scopes: readonly ClauseScope[]): string {
  let out = '';
  let last = 0;
  for (const sc of scopes) {
    if (!sc.marked || (sc.owner === 'home' && sc.period === 'now')) continue;
    out += s.slice(last, sc.start) + '_'.repeat(sc.end - sc.start);
    last = sc.end;
  }
  return last === 0 ? s : out + s.slice(last);
}
