/**
 * Chinese numerals to numbers. Recognisers write a temperature either way and often
 * mix them ("三十七度5", "37度五"), so the temperature rules work on a "numeric view"
 * of the text in which every run of Chinese numerals is replaced by Arabic digits.
 */

const DIGIT: Readonly<Record<string, number>> = {
  零: 0, 〇: 0, 一: 1, 幺: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const UNIT: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };

const NUMERAL_RUN = /[零〇一幺二两三四五六七八九十百千]+/g;
// "三十七八度", "三十八九度": two neighbouring digits after the tens, a spoken range.
const SPOKEN_RANGE = /^([一二三四五六七八九]?十)([一二三四五六七八九])([一二三四五六七八九])$/;
const DECIMAL_POINT = /(\d)点(?=\d)/g;

/**
 * The value of a run of Chinese numerals, or null when it is not one number.
 * With units it is positional (三十七 = 37, 一百零五 = 105, 十二 = 12); without units it is
 * read digit by digit, as people read numbers aloud (三七 = 37, 三八五 = 385).
 */
export function parseChineseInteger(run: string): number | null {
  if (run.length === 0) return null;
  let hasUnit = false;
  for (const ch of run) if (ch in UNIT) hasUnit = true;
  if (!hasUnit) {
    let digits = '';
    for (const ch of run) {
      const d = DIGIT[ch];
      if (d === undefined) return null;
      digits += String(d);
    }
    return Number(digits);
  }
  let total = 0;
  let pending: number | null = null;
  let lastUnit = Infinity;
  for (const ch of run) {
    const d = DIGIT[ch];
    if (d !== undefined) {
      // Two digits in a row ("三十七八") is not one number; a zero just marks a gap.
      if (pending !== null && pending !== 0 && d !== 0) return null;
      pending = d;
      continue;
    }
    const unit = UNIT[ch]!;
    if (unit >= lastUnit) return null; // "十十", "十百": not a number
    total += (pending ?? 1) * unit;
    pending = null;
    lastUnit = unit;
  }
  return total + (pending ?? 0);
}

function convertRun(run: string): string {
  // "零五" after 度 is .05, not .5: digits read one by one keep their leading zero.
  if (/^[零〇][零〇一幺二两三四五六七八九]*$/.test(run)) return Array.from(run, (ch) => String(DIGIT[ch])).join('');
  const value = parseChineseInteger(run);
  if (value !== null) return String(value);
  const range = SPOKEN_RANGE.exec(run);
  if (range) {
    const tens = parseChineseInteger(range[1]!)!;
    const a = tens + DIGIT[range[2]!]!;
    const d = DIGIT[range[3]!]!;
    const b = tens + d;
    if (b === a + 1) return `${a}~${b}`;
    // "三十八六", "三十九二": 度 dropped between the degrees and the tenth.
    if (tens === 30 || tens === 40) return `${a}.${d}`;
  }
  // Two numbers said back to back ("老二三十七度六", "三十七三十八"): split where the
  // right part is the longest readable number; '|' keeps them apart.
  for (let i = 1; i < run.length; i++) {
    const left = run.slice(0, i);
    const right = run.slice(i);
    if (parseChineseInteger(right) === null) continue;
    const head = convertRun(left);
    if (head !== left) return `${head}|${String(parseChineseInteger(right))}`;
  }
  // Not a number we can read: keep the characters so nothing is invented.
  return run;
}

/**
 * The text with Chinese numerals as Arabic digits and a spoken decimal point (点) as
 * '.': "体温三十八点五" -> "体温38.5", "三十七度四左右" -> "37度4左右".
 */
export function toNumericView(s: string): string {
  // "三十八点多" is "三十八度多": more than 38, no exact reading.
  return s.replace(NUMERAL_RUN, convertRun).replace(DECIMAL_POINT, '$1.').replace(/(\d)点(?=多|几)/g, '$1度');
}
