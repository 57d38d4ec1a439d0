/**
 * Temperatures stated in an answer: "三十七度五", "37度5", "38.6℃", "三十九度多",
 * "三十七度四左右", "烧到40", "三十七八度". Works on the numeric view (numerals.ts).
 */
import { toNumericView } from './numerals.js';

/** 37.3 °C is the national fever threshold: at or above it is a fever. */
export const FEVER_THRESHOLD_C = 37.3;

/**
 * A human body temperature outside this range is not a temperature someone measured
 * ("一百度" is Fahrenheit or a slip, "3度" a mishearing); such numbers are ignored and
 * the answer is judged by its words.
 */
export const PLAUSIBLE_MIN_C = 34;
export const PLAUSIBLE_MAX_C = 43;

// Float noise: 37 + 0.3 must count as 37.3.
const EPSILON = 1e-9;

/** What one stated temperature says about a fever. */
export type TemperatureVerdict = 'fever' | 'normal' | 'ambiguous';

export interface TemperatureReading {
  /** The value in °C; for a bound or range, the bound (the upper end of a range). */
  value: number;
  /** True when the answer states this value exactly ("左右" counts as exact). */
  exact: boolean;
  verdict: TemperatureVerdict;
  /** Where the reading starts in the numeric view, to tell what a correction replaced. */
  at?: number;
  /**
   * A Fahrenheit figure said without 华氏 ("一百零一度"): probably a slip, so it does not
   * decide the label on its own (temperatureVerdict skips it) but leaves the answer unclear.
   */
  guess?: boolean;
}

export interface TemperatureOptions {
  /**
   * The answer replies to "what is the temperature?": a bare number is a temperature
   * ("三十八" -> 38.0) and three bare digits carry one decimal ("385" -> 38.5).
   */
  bare?: boolean;
}

const NUMBER = String.raw`\d{1,4}(?:\.\d{1,2})?`;
const READING = new RegExp(
  String.raw`(超过|高于|过了|至少|起码|最少|不到|没到|没有到|没有超过|没超过|不超过|低于|将近|接近|快到|快)?(?<![\d.])(${NUMBER})(?:(?:~|到|至)(${NUMBER}))?(?!\d)` +
    String.raw`(华氏度|华氏|摄氏度|度|°c|°|c)?(\d{1,2}|半)?(?!\d)(多|几|出头|以上|以下|左右)?`,
  'g',
);
// A bare integer is a temperature only after words like these ("体温37", "烧到39")...
const BARE_CONTEXT = /(?:体温|温度|烧到|烧了|烧|热到|量了|测了|量的|测的|量出来|测出来|显示|最高|是|到了|达到|有)$/;
// ...and when no counting word follows it ("38岁", "3号楼", "2个").
const BARE_FOLLOW = /^(?:$|[,?~]|了|啊|呀|呢|吧|哦|的|左右|多|几|出头|以上|以下)/;
const BARE_COUNTED = /^(?:多|几)?(?:岁|个|年|天|次|号|斤|公斤|块|元|分|点|楼|层|人|口|栋|单元|室)/;
const ABOVE = new Set(['超过', '高于', '过了', '至少', '起码', '最少', '多', '几', '出头', '以上']);
// Recognisers write a tenth after 度 as a word that sounds like it: 三十九度柳 (六),
// 三十八度期 (七). Only words that cannot be a particle or the next word.
const HOMOPHONE_TENTH: Readonly<Record<string, string>> = {
  医: '一', 衣: '一', 依: '一', 儿: '二', 而: '二', 耳: '二', 伞: '三', 散: '三', 舞: '五', 午: '五',
  柳: '六', 溜: '六', 留: '六', 流: '六', 期: '七', 起: '七', 气: '七', 其: '七', 漆: '七', 妻: '七', 久: '九', 酒: '九', 玖: '九',
  巴: '八', 扒: '八', 疤: '八', 叭: '八', 思: '四', 丝: '四', 斯: '四', 死: '四', 务: '五', 雾: '五', 伍: '五', 物: '五', 要: '一', 腰: '一', 山: '三', 衫: '三',
};
const HOMOPHONE_AFTER_DEGREE = /(?<=[\d零一二三四五六七八九十]度)([医衣依儿而耳伞散舞午柳溜留流期起气其漆妻久酒玖巴扒疤叭思丝斯死务雾伍物要腰山衫])(?=$|[,?]|左右|的|了|吧|啊|呀|呢|哦|正常|多)/g;
// 十 heard as 四 or 是 between the tens and the units: 三四八度, 三是九度 (38, 39).
const TENS_SLIP = /(?<![\d零一二三四五六七八九十])([三四])[四是十实时石事式室士市使试世示](?:[,]?)([一二三四五六七八九])(?=度)/g;
// Words that take back what was said before them: "三十九度,不对,三十八度七" is 38.7.
const CORRECTION = /哦不|噢不|啊不|不对|不是|说错了|讲错了|错了|搞错|应该是|我是说|更正/g;
// A number of 95 to 110 "度" is a Fahrenheit reading said by mistake (or on purpose: 华氏).
const FAHRENHEIT_MIN = 95;
const FAHRENHEIT_MAX = 110;

const HESITANT_POINT = /(?<=[\d一二三四五六七八九十])[,呃嗯额啊]*点[,呃嗯额啊]*(?=[\d零一二三四五六七八九])/g;

/** Recogniser slips in numbers put right before the numerals are read. */
export function repairNumbers(raw: string): string {
  let s = raw;
  // 卅 and 廿 are 三十 and 二十 (卅九度); a digit written beside 十 is a numeral (3十8度5).
  if (/[卅廿]/.test(s)) s = s.replace(/卅/g, '三十').replace(/廿/g, '二十');
  // Banker's numerals (叁拾捌度), as some recognisers and older speakers' notes write them.
  if (/[壹贰叁肆伍陆柒捌玖拾]/.test(s)) s = s.replace(/[壹贰叁肆伍陆柒捌玖拾]/g, (ch) => '一二三四五六七八九十'['壹贰叁肆伍陆柒捌玖拾'.indexOf(ch)]!);
  if (/\d十|十\d/.test(s)) s = s.replace(/(?<![\d.])([1-9])(?=十)|(?<=十)([1-9])(?![\d.])/g, (d) => '一二三四五六七八九'[Number(d) - 1]!);
  // A hesitation around the spoken point: "三十八,点,三" is 38.3.
  if (s.includes('点')) s = s.replace(HESITANT_POINT, '点').replace(/度[,呃嗯额啊]*点(?=[,呃嗯额啊]*[\d零一二三四五六七八九])/g, '度');
  // "三十八度,呃,五": the tenth after a pause.
  if (/度[,呃嗯额啊]/.test(s)) s = s.replace(/(?<=[\d一二三四五六七八九十]度)[,呃嗯额啊]+(?=[\d零一二三四五六七八九](?:[,?]|$))/g, '');
  if (!/度/.test(s)) return s;
  return s.replace(HOMOPHONE_AFTER_DEGREE, (ch) => HOMOPHONE_TENTH[ch] ?? ch).replace(TENS_SLIP, '$1十$2');
}
const BELOW = new Set(['不到', '没到', '没有到', '没有超过', '没超过', '不超过', '低于', '以下']);
const NEAR = new Set(['将近', '接近', '快到', '快']);

function plausible(v: number): boolean {
  return v >= PLAUSIBLE_MIN_C && v <= PLAUSIBLE_MAX_C;
}

function isFever(v: number): boolean {
  return v >= FEVER_THRESHOLD_C - EPSILON;
}

/** The value of a bare number on the temperature prompt: "385" -> 38.5, "37" -> 37. */
function bareValue(digits: string): number {
  if (/^\d{3}$/.test(digits)) return Number(digits) / 10;
  return Number(digits);
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

/** All plausible temperatures stated in normalised text s, in order. */
export function extractTemperatures(s: string, options: TemperatureOptions = {}): TemperatureReading[] {
  if (!/[\d零〇一二两三四五六七八九十卅廿壹贰叁肆伍陆柒捌玖拾]/.test(s)) return [];
  const view = toNumericView(repairNumbers(s));
  const readings: TemperatureReading[] = [];
  for (const m of view.matchAll(READING)) {
    const [, pre, first, second, unit, fraction, post] = m;
    const start = m.index + (pre?.length ?? 0);
    const end = m.index + m[0].length;
    const hasDecimal = first!.includes('.');
    // A fraction after 度 only ("37度5"), and only when the number had no decimal yet.
    if (fraction !== undefined && (unit === undefined || unit === 'c' || hasDecimal)) continue;
    let value: number;
    if (unit?.startsWith('华氏') && (hasDecimal || Number(first) < FAHRENHEIT_MIN || Number(first) > FAHRENHEIT_MAX)) continue;
    if (unit !== undefined && !hasDecimal && second === undefined && fraction === undefined && Number(first) >= FAHRENHEIT_MIN && Number(first) <= FAHRENHEIT_MAX) {
      readings.push({ ...fahrenheit(Number(first), unit.startsWith('华氏') || /华氏$/.test(view.slice(Math.max(0, start - 2), start)), pre ?? post), at: start });
      continue;
    }
    if (fraction !== undefined && fraction.length === 2 && Number(fraction[1]) === Number(fraction[0]) + 1 && !hasDecimal) {
      // "三十九度一二": 39.1 or 39.2, a spoken range of tenths.
      const low = round2(Number(first) + Number(fraction[0]) / 10);
      const high = round2(Number(first) + Number(fraction[1]) / 10);
      if (plausible(low)) readings.push({ ...judge(low, high, true, undefined), at: start });
      continue;
    }
    if (unit !== undefined || hasDecimal || second !== undefined) {
      value = Number(first);
      if (fraction === '半') value += 0.5;
      else if (fraction !== undefined) value += Number(fraction) / 10 ** fraction.length;
    } else {
      const inContext = BARE_CONTEXT.test(view.slice(Math.max(0, start - 4), start));
      // Three digits alone ("三八五") read as 38.5 only where a temperature was asked or named.
      const bareOk = options.bare || inContext || (isWholeClause(view, start, end) && first!.length < 3);
      const next = view.slice(end, end + 3);
      if (!bareOk || !BARE_FOLLOW.test(next) || BARE_COUNTED.test(next)) continue;
      value = bareValue(first!);
    }
    // "37~8度" (三十七、八度): the second number repeats only the last digit.
    let upper = second !== undefined ? Number(second) : value;
    if (second !== undefined && upper < 10 && value >= 10) upper = Math.floor(value / 10) * 10 + upper;
    if (!plausible(value) || !plausible(upper)) continue;
    readings.push({ ...judge(round2(value), round2(upper), second !== undefined, pre ?? post), at: start });
  }
  return alternatives(view, corrected(view, readings));
}

// "三十九度还是四十度", "三十八或者三十九": either one; the fever stands, no exact reading.
const OR_BETWEEN = /^[^\d]{0,3}(?:还是|或者|或是|或)/;

const ALTERNATIVE_SPAN = /\d[\d.]*(?:度|°c|°)?\d?,?(?:还是|或者|或是|或)(?:是)?\d[\d.]*/g;

function alternatives(view: string, readings: TemperatureReading[]): TemperatureReading[] {
  if (readings.length === 0 || !/还是|或/.test(view)) return readings;
  const spans = Array.from(view.matchAll(ALTERNATIVE_SPAN), (m) => [m.index, m.index + m[0].length] as const);
  if (spans.length > 0) return readings.map((r) => (spans.some(([a, b]) => (r.at ?? -1) >= a && (r.at ?? -1) < b) ? { ...r, exact: false } : r));
  return readings.map((r, i) => {
    const next = readings[i + 1];
    const prev = readings[i - 1];
    const orNext = next !== undefined && OR_BETWEEN.test(view.slice((r.at ?? 0) + 1, next.at).replace(/^[\d.]+/, ''));
    const orPrev = prev !== undefined && OR_BETWEEN.test(view.slice((prev.at ?? 0) + 1, r.at).replace(/^[\d.]+/, ''));
    return orNext || orPrev ? { ...r, exact: false } : r;
  });
}

/** Readings said before a correction ("三十九度,不对,三十八度七") are dropped when one follows it. */
function corrected(view: string, readings: TemperatureReading[]): TemperatureReading[] {
  if (readings.length < 2) return readings;
  let keepFrom = -1;
  for (const m of view.matchAll(CORRECTION)) {
    const before = readings.some((r) => (r.at ?? 0) < m.index);
    const after = readings.some((r) => (r.at ?? 0) > m.index);
    if (before && after) keepFrom = m.index;
  }
  return keepFrom < 0 ? readings : readings.filter((r) => (r.at ?? 0) > keepFrom);
}

function fahrenheit(f: number, said: boolean, qualifier: string | undefined): TemperatureReading {
  const c = Math.round((((f - 32) * 5) / 9) * 10) / 10;
  const r = judge(c, c, false, qualifier);
  // With 华氏 the converted value decides the label, but no °C was stated: no exact reading.
  // Without it the resident meant Celsius and misspoke, or the recogniser misheard.
  return said ? { ...r, exact: false } : { ...r, exact: false, guess: true };
}

function isWholeClause(view: string, start: number, end: number): boolean {
  const before = start === 0 ? '' : view[start - 1]!;
  const after = view.slice(end);
  return (before === '' || before === ',' || before === '?') && /^(?:$|[,?]|了|啊|呀|呢|吧|哦)/.test(after);
}

function judge(value: number, upper: number, isRange: boolean, qualifier: string | undefined): TemperatureReading {
  if (isRange) {
    // "三十七八度", "38到39度": the answer is not exact; the top of the range decides.
    return { value: upper, exact: false, verdict: isFever(upper) ? 'fever' : 'normal' };
  }
  if (qualifier !== undefined && ABOVE.has(qualifier)) {
    // "三十七度多" may be 37.1 or 37.8: it could be a fever, so it counts as one.
    const ceiling = qualifier === '多' || qualifier === '几' || qualifier === '出头' ? value + 1 : Infinity;
    return { value, exact: false, verdict: isFever(value) || ceiling > FEVER_THRESHOLD_C + EPSILON ? 'fever' : 'normal' };
  }
  if (qualifier !== undefined && BELOW.has(qualifier)) {
    // "不到38度" may still be 37.5: only a bound at or below the threshold rules a fever out.
    return { value, exact: false, verdict: value <= FEVER_THRESHOLD_C + EPSILON ? 'normal' : 'ambiguous' };
  }
  if (qualifier !== undefined && NEAR.has(qualifier)) {
    // "快38度了" is just under 38: a fever when even the lower edge (0.3 below) is one.
    return { value, exact: false, verdict: isFever(value - 0.3) ? 'fever' : value <= FEVER_THRESHOLD_C + EPSILON ? 'normal' : 'ambiguous' };
  }
  return { value, exact: true, verdict: isFever(value) ? 'fever' : 'normal' };
}

/** What all readings together say: any fever wins, then any doubt, then normal. */
export function temperatureVerdict(all: readonly TemperatureReading[]): TemperatureVerdict | null {
  const readings = all.filter((r) => !r.guess);
  if (readings.length === 0) return null;
  if (readings.some((r) => r.verdict === 'fever')) return 'fever';
  if (readings.some((r) => r.verdict === 'ambiguous')) return 'ambiguous';
  return 'normal';
}

/** The highest temperature stated exactly, or null. */
export function highestExact(readings: readonly TemperatureReading[]): number | null {
  let best: number | null = null;
  for (const r of readings) if (r.exact && (best === null || r.value > best)) best = r.value;
  return best;
}
