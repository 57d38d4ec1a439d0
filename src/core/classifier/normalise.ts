/**
 * Turns a raw transcript into one canonical string the rules can match with plain
 * regular expressions: Simplified characters, half-width digits and letters, lower
 * case, no emoji or control characters, and every punctuation mark reduced to one of
 * two clause separators: ',' (statement) and '?' (question). The decimal point of a
 * number ("38.5", "38。5") is kept as '.'.
 */
import { Converter } from 'opencc-js/t2cn';

/**
 * Only the first this many characters of a transcript are looked at. An answer to a
 * yes/no question is a few words; anything longer is a recogniser running on (TV,
 * street noise), and capping keeps the cost of one call bounded whatever comes in.
 */
export const MAX_ANSWER_CHARS = 500;

/** Cut before the (linear but not free) Unicode passes, with room for what cleaning removes. */
const RAW_CAP = MAX_ANSWER_CHARS * 4;

const convert = Converter({ from: 't', to: 'cn' });

// Characters OpenCC leaves as they are, learnt as they are met: an answer made only of
// them (most are Simplified already) skips the converter, the dearest step of all.
const UNCHANGED = new Set<string>();
const UNCHANGED_MAX = 20000;

function toSimplified(s: string): string {
  let all = true;
  for (const ch of s) {
    if (ch.charCodeAt(0) < 0x80 || UNCHANGED.has(ch)) continue;
    if (convert(ch) === ch) {
      if (UNCHANGED.size < UNCHANGED_MAX) UNCHANGED.add(ch);
      continue;
    }
    all = false;
    break;
  }
  return all ? s : convert(s);
}

/** Variants OpenCC leaves alone or that recognisers and dialects produce. */
const VARIANTS: ReadonlyArray<[RegExp, string]> = [
  [/甚么|什麼|甚麼/g, '什么'],
  [/麽/g, '么'],
  [/咩/g, '什么'],
  [/著(?=呢|烧|热|了)|(?<=[发烧])著/g, '着'],
];

// Removed outright: control characters other than whitespace, format characters
// (zero-width, bidi marks), unpaired surrogates, private use, emoji and their
// joiners/modifiers, combining marks.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\p{Cf}\p{Cs}\p{Co}\p{Extended_Pictographic}\p{M}\u{1F3FB}-\u{1F3FF}]/gu;
// A full stop between digits is a decimal point ("38。5" from some recognisers).
const DECIMAL_STOP = /(\d)\s*[。．]\s*(?=\d)/g;
// A dash or tilde between digits is a range ("37-38度").
const RANGE_DASH = /(\d)\s*[-~～—–〜]\s*(?=\d)/g;
// 、 lists things ("发烧、咳嗽都没有"): no clause boundary; between numerals a range ("三十七、八度").
const LIST_NUMERALS = /([\d一二三四五六七八九十])、(?=[\d一二三四五六七八九])/g;
const LIST_MARK = /、/g;
// Whitespace between two digits separates two numbers; elsewhere recognisers put
// spaces between words, which is no clause boundary ("没有 发烧").
const SPACE_BETWEEN_DIGITS = /(\d)\s+(?=\d)/g;
// ...except single digits, which are one number read out digit by digit ("3 9 度 1").
const SPACED_SINGLE_DIGITS = /(?<![\d.])\d(?:\s+\d)+(?![\d.])/g;
const SPACE_BETWEEN_LATIN = /([a-z])\s+(?=[a-z])/g;
const SPACES = /\s+/g;
const QUESTION = /[?？¿]/g;
// Anything that is not a letter, a digit, or one of the characters a temperature or
// keypad answer uses becomes a clause separator.
const OTHER = /[^\p{L}\p{N}.°~*#?,]/gu;
const STRAY_DOT = /(?<!\d)\.|\.(?!\d)/g;
// Latin words are recogniser noise ("ok", "hello") except a 'c' right after a
// temperature ("38.5c", "38.5°c").
const LATIN_WORD = /(?<![\d°])[a-z]+|(?<=[\d°])[a-z]{2,}/g;
const SEPARATOR_RUN = /[,?]*\?[,?]*|,{2,}/g;
const EDGE_COMMAS = /^,+|,+$/g;

/** Normalises a transcript (see the module comment); never throws, '' for non-strings. */
export function normalise(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length === 0) return '';
  let s = raw.length > RAW_CAP ? raw.slice(0, RAW_CAP) : raw;
  s = s.normalize('NFKC').toLowerCase().replace(INVISIBLE, '');
  // Each group of passes only when its characters are there: most answers are a few
  // ideographs and a comma, and the classifier runs for every turn of every call.
  const digits = /\d/.test(s);
  if (digits || s.includes('、')) s = s.replace(DECIMAL_STOP, '$1.').replace(RANGE_DASH, '$1~').replace(LIST_NUMERALS, '$1~').replace(LIST_MARK, '');
  if (/\s/.test(s)) {
    if (digits) s = s.replace(SPACED_SINGLE_DIGITS, (run) => run.replace(/\s+/g, '')).replace(SPACE_BETWEEN_DIGITS, '$1,');
    s = s.replace(SPACE_BETWEEN_LATIN, '$1,').replace(SPACES, '');
  }
  s = s.replace(QUESTION, '?').replace(OTHER, ',');
  if (s.includes('.')) s = s.replace(STRAY_DOT, ',');
  if (/[a-z]/.test(s)) s = s.replace(LATIN_WORD, ',');
  if (s.length > MAX_ANSWER_CHARS) s = Array.from(s).slice(0, MAX_ANSWER_CHARS).join('');
  if (/[^\p{ASCII}]/u.test(s)) s = toSimplified(s);
  if (/[甚什麽咩著]/.test(s)) for (const [pattern, replacement] of VARIANTS) s = s.replace(pattern, replacement);
  return s.replace(SEPARATOR_RUN, (run) => (run.includes('?') ? '?' : ',')).replace(EDGE_COMMAS, '');
}

/** Splits normalised text into clauses (without their separators). */
export function clauses(s: string): string[] {
  return s.split(/[,?]/).filter((c) => c.length > 0);
}

/** Start index of the clause that contains position i of normalised text s. */
export function clauseStart(s: string, i: number): number {
  return Math.max(s.lastIndexOf(',', i - 1), s.lastIndexOf('?', i - 1)) + 1;
}

/** End index (exclusive) of the clause that contains position i of normalised text s. */
export function clauseEnd(s: string, i: number): number {
  let end = s.length;
  const comma = s.indexOf(',', i);
  if (comma >= 0) end = comma;
  const question = s.indexOf('?', i);
  if (question >= 0 && question < end) end = question;
  return end;
}

// Sounds that carry no answer: hesitation at the start of a clause, modal particles at
// its end. "嗯" alone is not taken as yes: a recogniser hears it in breathing and noise.
const LEADING_FILLERS = /^(?:嗯|恩|呃|额|哦|噢|喔|啊|唉|哎|诶|欸|呐|嗨|哈|呀|那个|这个|就是说|emm|_)+/;
const TRAILING_PARTICLES = /(?:啊|呀|吧|呢|啦|嘛|哈|哦|喔|噢|咯|哟|嘞|咧|噻|撒|哇|呗|嗯|恩|的呀|_)+$/;

/** A clause without leading hesitation sounds and trailing modal particles. */
export function stripFillers(clause: string): string {
  return clause.replace(LEADING_FILLERS, '').replace(TRAILING_PARTICLES, '');
}
