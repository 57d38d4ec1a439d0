/**
 * Reads a transcript once into the facts the decision rules need: temperatures, fever
 * mentions and their polarity, symptoms, intents, and bare yes/no clauses.
 */
import type { PromptKind, Symptom } from './types.js';
import type { Intent } from './lexicon.js';
import { AGREE_CLAUSE, HEDGE_WORDS, INTENT_LEXICON, LITTLE_CLAUSE, NO_CLAUSE, NOT_ME_CLAUSE, OTHER_PERSON_CLAUSE, YES_CLAUSE } from './lexicon.js';
import type { FeverMention } from './fever.js';
import { EXCEPTED_PERSON, findFeverMentions, maskFever, maskNotFever, removeEchoes } from './fever.js';
import { clauses, normalise, stripFillers } from './normalise.js';
import { standardise } from './dialect.js';
import { blankOtherScopes, clauseScopes } from './scope.js';
import { findSymptoms, maskSymptoms } from './symptoms.js';
import type { TemperatureReading } from './temperature.js';
import { extractTemperatures } from './temperature.js';

export interface Analysis {
  /** The normalised transcript (see normalise.ts). */
  normalised: string;
  /** Nothing but silence, hesitation sounds or punctuation. */
  empty: boolean;
  readings: TemperatureReading[];
  mentions: FeverMention[];
  symptoms: Symptom[];
  /** Another sign of illness (感冒, 不舒服, 去医院) is named. */
  illness: boolean;
  intents: ReadonlySet<Intent>;
  /** A clause says someone has it: 有, 有的, 我老公有. */
  yes: boolean;
  /** ...with a hedge: 应该是有吧, 好像有. */
  yesHedged: boolean;
  /** The whole answer is "有一点" (a little): a hedged yes. */
  littleYes: boolean;
  /** A yes clause names who has it ("孩子有", "我老公有"): a yes even beside a "no" for someone else. */
  yesPerson: boolean;
  /** A clause agrees: 是的, 对. */
  agree: boolean;
  /** A clause says no: 没有, 都没有, 冇, 不是. */
  no: boolean;
  /** "不是我,是我儿子": one person denied, another named. */
  otherPerson: boolean;
}

/** Reads normalised text; `prompt` says which question it answers. */
export function analyse(text: string, prompt: PromptKind): Analysis {
  const normalised = standardise(normalise(text));
  const echoFree = removeEchoes(normalised);
  const masked = maskNotFever(echoFree);
  const readings = extractTemperatures(blankOtherScopes(masked, clauseScopes(masked)), { bare: prompt === 'temperature' });
  const mentions = findFeverMentions(masked);
  const { symptoms, illness } = findSymptoms(masked);

  // What is left once every recognised phrase is blanked: bare yes/no clauses.
  // Intents first, on the unmasked text ("在烧饭" is a reason to call back).
  let residual = echoFree;
  const intents = new Set<Intent>();
  for (const [intent, pattern] of INTENT_LEXICON) {
    residual = residual.replace(pattern, () => {
      intents.add(intent);
      return ',';
    });
  }
  residual = maskSymptoms(maskFever(maskNotFever(residual)));

  let yes = false;
  let yesHedged = false;
  let yesPerson = false;
  let agree = false;
  let little = false;
  let no = false;
  let otherPerson = false;
  let sawNotMe = false;
  let anyContent = false;
  for (const raw of clauses(residual)) {
    const clause = stripFillers(raw.replace(/_+/g, ''));
    if (clause.length === 0) continue;
    anyContent = true;
    // "除了我,其他人都没有": the one excepted from the "no" has it.
    // ("除了我也没有别人了" denies in the clause itself: besides me, nobody.)
    if (clause.startsWith('除') && EXCEPTED_PERSON.test(clause) && !/[没不无冇]/.test(clause)) {
      yesPerson = true;
      continue;
    }
    // "也不是没有", "不是没人": two negations are no "no" - a hedged yes.
    if (DOUBLE_NEGATION.test(clause)) {
      yesHedged = true;
      continue;
    }
    // Each shape needs its word: a clause without one is not tried against the long pattern.
    if (/[没么冇木莫冒哪无否不]/.test(clause) && NO_CLAUSE.test(clause)) {
      no = true;
      if (NOT_ME_CLAUSE.test(clause)) sawNotMe = true;
    } else if (clause.includes('有') && YES_CLAUSE.test(clause)) {
      if (HEDGE_WORDS.test(clause)) yesHedged = true;
      else yes = true;
      if (PERSON_CLAUSE.test(clause)) yesPerson = true;
    } else if (/[点些]/.test(clause) && LITTLE_CLAUSE.test(clause)) {
      little = true;
    } else if (/[是对没确嗯]/.test(clause) && AGREE_CLAUSE.test(clause)) {
      agree = true;
    } else if (NOT_ME_CLAUSE.test(clause)) {
      sawNotMe = true;
    } else if (sawNotMe && OTHER_PERSON_CLAUSE.test(clause)) {
      otherPerson = true;
    }
  }
  const empty =
    !anyContent && intents.size === 0 && readings.length === 0 && mentions.length === 0 && symptoms.length === 0 && !illness && !/[\p{L}\p{N}]/u.test(strippedAll(normalised));

  // "有点" is a yes only alone: next to 忙, 咳 or 烦 it belongs to that word.
  const littleYes = little && intents.size === 0 && symptoms.length === 0 && !illness && !no;
  return { normalised, empty, readings, mentions, symptoms, illness, intents, yes, yesHedged, yesPerson, littleYes, agree, no, otherPerson };
}

const DOUBLE_NEGATION = /^(?:也|倒|并|倒也|其实|也并)?(?:不是|并非|不能说)(?:没有|没得|没|冇)(?:人|有人)?$/;

// Who a yes clause is about: a family member (not just 我们/大家, which a "no" also names).
const PERSON_CLAUSE = /^(?:但是|可是|不过|而|就|只有)?(?:我|我家|我们家)?(?:孩子|小孩|大人|老人|儿子|女儿|闺女|孙子|孙女|外孙|爸|妈|老公|老婆|爱人|丈夫|媳妇|老伴|弟|妹|哥|姐|爷|奶|婆婆|公公|老大|老二|老三|大宝|二宝|小宝)/;

function strippedAll(s: string): string {
  return clauses(s).map(stripFillers).join('');
}
