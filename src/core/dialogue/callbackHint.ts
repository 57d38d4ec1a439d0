/**
 * "Call me back later" — reads a simple time hint from the resident's words and says it
 * back in natural Mandarin. Pure: the core has no clock, so hints are delays, not times
 * of day; the dialer's calling window keeps any delay inside calling hours.
 */

/** When to call back, and how the robot says it ("我们{when}再给您打电话"). */
export interface CallbackHint {
  /** Delay before the next attempt, in seconds. */
  seconds: number;
  /** The delay in words, e.g. 半小时后, 两小时后, 晚些时候, 明天. */
  when: string;
}

const MINUTE = 60;
const HOUR = 3600;
// A stated delay beyond two days is more likely a misrecognised number than a wish;
// fall back to the default rather than drop the household out of the round.
const MAX_SECONDS = 48 * HOUR;
// Without a clock the core cannot aim at an hour of the day. These delays land a
// late-morning call in the afternoon / evening; "明天" the same time tomorrow, which is
// inside the calling window whenever today's call was.
const AFTERNOON_SECONDS = 2 * HOUR;
const EVENING_SECONDS = 4 * HOUR;
const TOMORROW_SECONDS = 24 * HOUR;
// "几分钟" / "几个小时": a few — we pick the low end, a call back that is early is
// cheaper than one that is forgotten.
const FEW_MINUTES_SECONDS = 10 * MINUTE;
const FEW_HOURS_SECONDS = 3 * HOUR;

const TRADITIONAL: Readonly<Record<string, string>> = {
  個: '个', 兩: '两', 時: '时', 鐘: '钟', 頭: '头', 後: '后', 幾: '几', 點: '点', 會: '会', 兒: '儿', 裡: '里',
};

const DIGITS: Readonly<Record<string, number>> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const NUM = '[0-9０-９零〇一二两三四五六七八九十百]+';

/**
 * Parses an Arabic (ASCII or full-width) or Chinese numeral below 1000 (十五, 二十, 两,
 * 一百零五); null when the string is not one.
 */
export function parseNumeral(s: string): number | null {
  const ascii = s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  if (/^[0-9]+$/.test(ascii)) return Number(ascii);
  if (!/^[零〇一二两三四五六七八九十百]+$/.test(s)) return null;
  let total = 0;
  let current = 0;
  for (const ch of s) {
    const digit = DIGITS[ch];
    if (digit !== undefined) current = digit;
    else {
      // 十 / 百 alone mean one ten / one hundred (十五 = 15).
      total += (current || 1) * (ch === '十' ? 10 : 100);
      current = 0;
    }
  }
  return total + current;
}

/**
 * A count in Chinese words for speaking, below 100 (2 -> 两, 12 -> 十二, 45 -> 四十五);
 * larger numbers stay in digits, which the voices read correctly anyway.
 */
export function chineseCount(n: number): string {
  const names = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
  if (!Number.isInteger(n) || n < 0 || n >= 100) return String(n);
  if (n === 2) return '两'; // a count before a measure word: 两小时, not 二小时
  if (n < 10) return names[n] ?? String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return (tens === 1 ? '' : names[tens]) + '十' + (ones === 0 ? '' : names[ones]);
}

function normalise(text: string): string {
  return [...text].map((ch) => TRADITIONAL[ch] ?? ch).join('').replace(/\s+/g, '');
}

function within(seconds: number): boolean {
  return seconds > 0 && seconds <= MAX_SECONDS;
}

/**
 * Reads a call-back delay from a transcript: 半小时 -> 1800, 二十分钟 / 20分钟 -> 1200,
 * 一个小时 / 两个小时 -> 3600 / 7200, 一个半小时 -> 5400, 下午 / 晚上 / 明天 -> fixed delays;
 * anything else -> `defaultSeconds`, said as 晚些时候.
 */
export function parseCallbackHint(text: string, defaultSeconds: number): CallbackHint {
  const t = normalise(text);
  // Tomorrow first: "明天下午" is tomorrow, not this afternoon.
  if (/明天|明早|明儿/.test(t)) return { seconds: TOMORROW_SECONDS, when: '明天' };

  const hoursAndHalf = new RegExp(`(${NUM})个?半(?:小时|钟头)`).exec(t);
  const n1 = hoursAndHalf?.[1] ? parseNumeral(hoursAndHalf[1]) : null;
  if (n1 !== null && within(n1 * HOUR + 1800)) return { seconds: n1 * HOUR + 1800, when: `${chineseCount(n1)}个半小时后` };

  if (/半个?(?:小时|钟头)/.test(t)) return { seconds: 30 * MINUTE, when: '半小时后' };

  const hours = new RegExp(`(${NUM})个?(?:小时|钟头)`).exec(t);
  const n2 = hours?.[1] ? parseNumeral(hours[1]) : null;
  if (n2 !== null && within(n2 * HOUR)) return { seconds: n2 * HOUR, when: `${chineseCount(n2)}小时后` };

  const minutes = new RegExp(`(${NUM})分钟`).exec(t);
  const n3 = minutes?.[1] ? parseNumeral(minutes[1]) : null;
  if (n3 !== null && within(n3 * MINUTE)) return { seconds: n3 * MINUTE, when: `${chineseCount(n3)}分钟后` };

  if (/一刻钟/.test(t)) return { seconds: 15 * MINUTE, when: '一刻钟后' };
  if (/几分钟/.test(t)) return { seconds: FEW_MINUTES_SECONDS, when: '过几分钟' };
  if (/几个?(?:小时|钟头)/.test(t)) return { seconds: FEW_HOURS_SECONDS, when: '晚些时候' };
  if (/晚上|今晚|夜里/.test(t)) return { seconds: EVENING_SECONDS, when: '晚上' };
  if (/下午/.test(t)) return { seconds: AFTERNOON_SECONDS, when: '下午' };
  return { seconds: defaultSeconds, when: '晚些时候' };
}
