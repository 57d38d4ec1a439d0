/**
 * The decision: ordered rules, first match wins, each with a name a reviewer sees.
 * The order encodes the safety rule: anything that could be a fever (a temperature at
 * or above 37.3, a fever word not denied, a yes) is decided before anything that could
 * make the answer a "no" or an intent, so a fever is never heard as "no".
 */
import type { Analysis } from './analyse.js';
import type { AnswerLabel, PromptKind } from './types.js';
import { temperatureVerdict } from './temperature.js';
import type { FeverPolarity } from './fever.js';

export interface Rule {
  name: string;
  label: AnswerLabel;
  /** How sure this rule is when it fires, before the recogniser's confidence. */
  confidence: number;
  when: (a: Analysis, prompt: PromptKind) => boolean;
}

const has = (a: Analysis, polarity: FeverPolarity, hedged?: boolean) =>
  a.mentions.some((m) => m.polarity === polarity && (hedged === undefined || m.hedged === hedged));

/** On the temperature question, the resident takes the reported fever back. */
const TAKEN_BACK = /说错|听错|搞错|弄错|没人发烧|没有人发烧|没发烧|没有发烧/;
/** On the temperature question, "high" without a number ("挺高的") still reads as a fever. */
const HIGH_WORDS = /(?:挺|很|好|蛮|比较|特别|非常)高/;
/** "这是我妈家": the number reaches a family home, whoever answers is not living there. */
const FAMILY_HOME = /这(?:里|儿)?是(?:我|俺)?(?:爸妈|爹妈|妈|爸|爸爸|妈妈|父母|爷爷|奶奶|外婆|外公|姥姥|姥爷|婆婆|公公|儿子|女儿|老人)(?:的)?家/;
/** A bare "不是" beside a wrong-number phrase ("唔系呀,你打错电话啦") says "not who you want", not "no fever". */
const NOT_THIS = /(?:^|[,?])(?:哦|啊|呃)?(?:不是|不对)(?:的|啊|呀|哦|啦)*(?:[,?]|$)/;
const temperatureQuestion = (prompt: PromptKind) => prompt === 'temperature';
/** Something in the answer says "no" to the fever question. */
const saysNo = (a: Analysis) => a.no || has(a, 'denied') || temperatureVerdict(a.readings) === 'normal' || a.intents.has('healthy');

export const RULES: readonly Rule[] = [
  { name: 'empty', label: 'unclear', confidence: 0.95, when: (a) => a.empty },
  { name: 'temperature_fever', label: 'fever', confidence: 0.95, when: (a) => temperatureVerdict(a.readings) === 'fever' },
  { name: 'fever_reported', label: 'fever', confidence: 0.9, when: (a) => has(a, 'current', false) },
  // "有点热" said beside a normal reading (三十七度一,不算发烧吧): the reading doubts the word.
  { name: 'fever_hedged_normal_reading', label: 'unclear', confidence: 0.5, when: (a) => temperatureVerdict(a.readings) === 'normal' && has(a, 'current', true) && !has(a, 'current', false) },
  { name: 'fever_hedged', label: 'fever', confidence: 0.65, when: (a) => has(a, 'current', true) },
  // A fever that has gone ("前几天烧过,现在好了") still needs a follow-up.
  { name: 'fever_recent', label: 'fever', confidence: 0.7, when: (a) => has(a, 'past') },
  // Asked only after a fever was reported: a number under 37.3 is a fever gone down,
  // "挺高的" a fever without a number, "正常了" a recovery - unless it is taken back.
  { name: 'fever_taken_back', label: 'no_fever', confidence: 0.7, when: (a, prompt) => temperatureQuestion(prompt) && TAKEN_BACK.test(a.normalised) && temperatureVerdict(a.readings) !== 'fever' },
  { name: 'temperature_gone_down', label: 'fever', confidence: 0.6, when: (a, prompt) => temperatureQuestion(prompt) && temperatureVerdict(a.readings) === 'normal' },
  { name: 'temperature_high_words', label: 'fever', confidence: 0.6, when: (a, prompt) => temperatureQuestion(prompt) && HIGH_WORDS.test(a.normalised) },
  { name: 'recovered', label: 'fever', confidence: 0.5, when: (a, prompt) => temperatureQuestion(prompt) && a.intents.has('healthy') && !a.no },
  // "没发烧吧,我也不确定": a "no" said with doubt is not a "no".
  { name: 'unsure_no', label: 'unclear', confidence: 0.5, when: (a) => a.intents.has('unsure') && saysNo(a) },
  // "我没有,孩子有": a "no" for one person, a "yes" for another.
  { name: 'someone_has', label: 'fever', confidence: 0.75, when: (a) => a.yesPerson },
  // "有" and "没有" in one answer: do not guess.
  { name: 'conflicting', label: 'unclear', confidence: 0.5, when: (a) => (a.yes || a.yesHedged) && a.no },
  { name: 'affirmative', label: 'fever', confidence: 0.85, when: (a) => a.yes },
  { name: 'affirmative_hedged', label: 'fever', confidence: 0.6, when: (a) => a.yesHedged },
  { name: 'affirmative_little', label: 'fever', confidence: 0.55, when: (a) => a.littleYes },
  { name: 'other_person', label: 'fever', confidence: 0.6, when: (a) => a.otherPerson },
  { name: 'temperature_unclear', label: 'unclear', confidence: 0.6, when: (a) => temperatureVerdict(a.readings) === 'ambiguous' },
  { name: 'temperature_normal', label: 'no_fever', confidence: 0.9, when: (a) => temperatureVerdict(a.readings) === 'normal' },
  { name: 'fever_denied', label: 'no_fever', confidence: 0.9, when: (a) => has(a, 'denied') },
  // Someone else's fever (a grandson in Beijing, the neighbours) or one long gone (前年).
  { name: 'fever_elsewhere', label: 'no_fever', confidence: 0.7, when: (a) => has(a, 'elsewhere') },
  { name: 'fever_long_ago', label: 'no_fever', confidence: 0.7, when: (a) => has(a, 'long_ago') },
  // On the temperature question a bare "没有" means no reading, not no fever.
  { name: 'no_reading', label: 'unclear', confidence: 0.6, when: (a, prompt) => prompt === 'temperature' && a.no },
  { name: 'wrong_number_not_this', label: 'wrong_number', confidence: 0.8, when: (a) => a.intents.has('wrong_number') && !has(a, 'denied') && a.readings.length === 0 && NOT_THIS.test(a.normalised) && !FAMILY_HOME.test(a.normalised) },
  { name: 'negative_answer', label: 'no_fever', confidence: 0.85, when: (a) => a.no },
  { name: 'healthy', label: 'no_fever', confidence: 0.8, when: (a) => a.intents.has('healthy') },
  // "一百零一度": a Fahrenheit figure or a slip; ask again rather than guess.
  { name: 'temperature_fahrenheit_guess', label: 'unclear', confidence: 0.5, when: (a) => a.readings.some((r) => r.guess === true) },
  { name: 'wrong_number', label: 'wrong_number', confidence: 0.85, when: (a) => a.intents.has('wrong_number') && !FAMILY_HOME.test(a.normalised) },
  { name: 'refused', label: 'refused', confidence: 0.85, when: (a) => a.intents.has('refused') },
  { name: 'callback', label: 'callback', confidence: 0.8, when: (a) => a.intents.has('callback') },
  { name: 'agreement', label: 'fever', confidence: 0.7, when: (a) => a.agree },
  { name: 'ask_household', label: 'unclear', confidence: 0.7, when: (a) => a.intents.has('ask_household') },
  // Ill but no answer to the question: ask again rather than guess either way.
  { name: 'illness_no_answer', label: 'unclear', confidence: 0.5, when: (a) => a.illness || a.symptoms.length > 0 },
  { name: 'not_understood', label: 'unclear', confidence: 0.8, when: (a) => a.intents.has('unclear') || a.intents.has('unsure') },
];

/** The rule that decides when none of RULES fires. */
export const FALLBACK: Rule = { name: 'no_rule', label: 'unclear', confidence: 0.3, when: () => true };

/** The first rule that fires for this analysis. */
export function decide(a: Analysis, prompt: PromptKind): Rule {
  for (const rule of RULES) {
    if (!rule.when(a, prompt)) continue;
    // After a reported fever only the resident taking it back closes the call as healthy.
    if (temperatureQuestion(prompt) && rule.label === 'no_fever' && rule.name !== 'fever_taken_back') return NOT_AFTER_FEVER;
    return rule;
  }
  return FALLBACK;
}

/** A "no" heard on the temperature question, which follows a reported fever. */
export const NOT_AFTER_FEVER: Rule = { name: 'no_after_reported_fever', label: 'unclear', confidence: 0.5, when: () => true };
