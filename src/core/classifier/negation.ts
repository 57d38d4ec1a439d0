/**
 * Negation and its scope. A negator denies a word only inside its own clause, and only
 * when the words between them cannot carry another subject or predicate:
 *   没发烧, 没有人发热, 都没发过烧, 一个发烧的都没有 -> denied;
 *   一直没退烧 (denies 退), 我没有,但是我老公发烧了 (other clause), 没想到发烧了 -> not denied.
 * Words that contain a negator without being one (没听清, 没空, 没力气) are taken out
 * by the lexicons before these checks see them.
 */
import { clauseEnd, clauseStart } from './normalise.js';

/** Negators, standard and dialect (没得, 莫得, 冇, 木有, 么得, 冒得), longest first. */
export const NEGATOR = '(?:没有|么有|不得|没得|没的|莫得|冇得|冇有|木有|木得|么得|冒得|莫有|没|冇|不是|不|无|未)';

/** Negators that can stand as a whole answer or close a clause ("发烧的没有"). */
export const NEGATOR_ANSWER = '(?:没有|么有|没得|没的|莫得|冇得|冇有|木有|木得|么得|冒得|莫有|没|冇|无)';

// Between a negator and the word it denies: quantifiers, adverbs, aspect markers,
// 人/谁 — nothing that names another person or action. Degree words are not here:
// "不太烧", "没怎么咳" weaken the word rather than deny it.
// Other complaints listed with it: "没有发烧咳嗽", "发烧咳嗽都没有".
const LISTED = '发烧|发热|咳嗽|干咳|咳|嗓子疼|喉咙痛|乏力|拉肚子|腹泻|感冒|头疼|症状|这些|那些|和|跟|与|或者|或';
const GAP = `(?:什么|有人|一个人|一个|出现|发现|说过|说|从来|曾经|任何|明显|真的|人|个|谁|都|也|还|有|在|过|的|啥|再|曾|并|会|又|吃|用|算)`;

// How far back (in characters) a negator can reach; bounds the work per match.
const SCOPE = 12;

const NEGATED_BEFORE = new RegExp(`${NEGATOR}(?:${GAP}{0,4}|(?:${LISTED}){1,3})$`);
const NEGATED_AFTER = new RegExp(
  `^(?:${LISTED}|的人|的|人|倒是|倒也|倒|是|都|也|一个|暂时|目前|还|就|可|真|那|什么)*${NEGATOR_ANSWER}(?:发烧|发热|烧|热)?(?:人|有|过|啊|呀|的|呢|了|哦|吧)*(?:[,?]|$)`,
);
// The denial is about the past only ("没再烧", "不烧了", "已经没发烧了"): a fever gone.
const RESOLVED_GAP = /再|已经|已/;
const RESOLVED_BEFORE = /(?:已经|已|早就|早|都已经)[^,?]{0,4}$/;

const CONJUNCTIONS = /不过|不仅|不但|不光|不管|不然/g;

export interface NegationScope {
  /** The word is denied by a negator in its clause. */
  negated: boolean;
  /** The denial says the condition has ended ("不烧了", "没再发烧"), i.e. it was there. */
  resolved: boolean;
}

/** Whether the word at s[start, end) is denied, looking inside its clause only. */
export function negationScope(s: string, start: number, end: number): NegationScope {
  const from = Math.max(clauseStart(s, start), start - SCOPE);
  // 不过/不仅/不但 are conjunctions ("不过喉咙好痛"), not negators.
  const before = s.slice(from, start).replace(CONJUNCTIONS, '__');
  const beforeMatch = NEGATED_BEFORE.exec(before);
  if (beforeMatch) {
    const denial = beforeMatch[0];
    // "不是没发烧", "也不是没有发热": two negations, no denial. "不算高烧" is a lower fever.
    if (/(?:不是|并非|不能说)$/.test(before.slice(0, beforeMatch.index)) && /^没/.test(denial)) return { negated: false, resolved: false };
    if (denial.includes('算') && /^高/.test(s.slice(start, end))) return { negated: false, resolved: false };
    const after = s.slice(end, end + 2);
    const resolved =
      RESOLVED_GAP.test(denial) ||
      RESOLVED_BEFORE.test(before.slice(0, beforeMatch.index)) ||
      (denial.startsWith('不') && !denial.startsWith('不是') && after.startsWith('了'));
    return { negated: true, resolved };
  }
  const to = Math.min(clauseEnd(s, end), end + SCOPE);
  if (NEGATED_AFTER.test(s.slice(end, to + 1))) return { negated: true, resolved: false };
  return { negated: false, resolved: false };
}
