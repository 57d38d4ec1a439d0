/**
 * Symptoms besides fever (cough, sore throat, fatigue, breathing, diarrhoea, loss of
 * taste or smell) and other signs of illness (感冒, 头疼, 不舒服...), each checked for
 * negation: "不咳嗽" names no cough, "没力气" is fatigue (its 没 is part of the word).
 */
import type { Symptom } from './types.js';
import { SYMPTOMS } from './types.js';
import { negationScope } from './negation.js';

const DEGREE = '(?:也|还|都|一直|老是|总是|有点儿|有点|有些|有一点|很|特别|非常|挺|好|比较|就)*';

const LEXICON: Readonly<Record<Symptom, string>> = {
  cough: '干咳|咳嗽|咳痰|咳|嗽|有痰|痰多',
  sore_throat: `(?:嗓子眼|嗓子|喉咙|咽喉|喉头|嗓门|喉)${DEGREE}(?:疼|痛|不舒服|难受|哑|干|痒|肿|发炎|红|冒烟|沙哑|有痰)|咽痛|咽喉肿痛|扁桃体|声音(?:有点|有些)?哑|失声|嗓子|喉咙`,
  fatigue:
    '没(?:有)?力(?:气)?|(?:一点|半点)?力气(?:都|也)?没(?:有)?|(?:一点|半点)?劲(?:儿)?(?:都|也)没(?:有)?|(?<![缺贫])乏|蔫|没(?:有)?精神头|没(?:有)?劲|乏力|无力|疲劳|疲惫|疲倦|疲乏|(?<!连|积|拖|牵)累(?!计)|虚弱|没(?:有)?精神|没精打采|(?:浑身|全身|身上|肌肉|骨头)(?:都)?(?:酸|疼|痛)|酸痛|犯困|嗜睡|软绵绵|提不起劲|打不起精神',
  breathing:
    '喘|呼吸(?:有点|有些)?(?:困难|不畅|急促|不顺|费劲|不上来|不好|难受|不过来)|气短|气促|气急|胸闷|胸口(?:闷|疼|痛)|胸痛|憋气|憋闷|憋得慌|上不来气|透不过气|气不够',
  diarrhea: '拉了(?:好几|好多|几|[一两三四五六七八九十\\d]+)(?:次|回|趟)|拉得(?:厉害|很|不行)|拉(?:了)?(?:[一两三几]天)?(?:的)?肚子|腹泻|拉稀|闹肚子|泻肚|窜稀|跑肚|肚子拉|拉水|(?:老|一直|总)(?:是)?跑厕所',
  loss_of_taste_smell:
    '闻不(?:到|出|见)|尝不(?:到|出)|没(?:有)?(?:了)?(?:味觉|嗅觉)|味觉|嗅觉|(?:吃|喝)(?:东西|饭|啥|什么)?(?:都)?没(?:有)?(?:味|味道)|嘴里没味|嘴巴没味|鼻子(?:不灵|失灵)|吃不出(?:味)?|没(?:有)?味道?',
};

const PATTERNS: ReadonlyArray<readonly [Symptom, RegExp]> = SYMPTOMS.map((s) => [s, new RegExp(LEXICON[s], 'g')] as const);

// Named with a symptom but gone or fine: "咳嗽好了", "味觉正常", "嗅觉没问题".
const FINE_AFTER = /^(?:都|也|还|倒是|倒)?(?:好了|正常|没问题|没事|还好|挺好|恢复了|没了)/;

// Illness that is not in the symptom list: reason for doubt, not a symptom to report.
const CONDITION = '感冒|生病|病了|不舒服|难受|头疼|头痛|头晕|流鼻涕|流涕|鼻塞|打喷嚏|喷嚏|呕吐|吐了|想吐|恶心|肚子(?:疼|痛)|发冷|怕冷|冷得|寒战|打寒颤|打摆子|发抖|肺炎|发炎|新冠|感染';
// Care sought: a sign of illness; "没去医院" is not a "no" to the question.
const CARE = '住院|去(?:了)?医院|看(?:了)?医生|看病|输液|打针|吊水|挂水|吃药|吃了药';
const ILLNESS = new RegExp(`${CONDITION}|${CARE}`, 'g');

// Put before a symptom, these words belong to it ("有点咳", "还有咳嗽"), not to a yes.
const LEAD_IN = '(?:还|也|就|就是|只是|只|倒是|但是)?(?:有人|有个人|有点儿|有点|有些|有一点|有)?';
const MASKS: readonly RegExp[] = [
  new RegExp(`${LEAD_IN}(?:${SYMPTOMS.map((s) => LEXICON[s]).join('|')})`, 'g'),
  new RegExp(`${LEAD_IN}(?:${CONDITION})`, 'g'),
  new RegExp(`(?:没有|没|不|也没|还没|都没)?(?:${CARE})`, 'g'),
];

export interface SymptomFindings {
  /** Symptoms named and not denied, in the order of SYMPTOMS. */
  symptoms: Symptom[];
  /** Some other sign of illness is named and not denied. */
  illness: boolean;
}

function affirmed(s: string, start: number, end: number): boolean {
  if (negationScope(s, start, end).negated) return false;
  return !FINE_AFTER.test(s.slice(end, end + 4));
}

// Any symptom or illness word at all: most answers name none and skip the rest.
const ANY = new RegExp(`${SYMPTOMS.map((sym) => LEXICON[sym]).join('|')}|${CONDITION}|${CARE}`);

/** Symptoms and illness named in normalised text s. */
export function findSymptoms(s: string): SymptomFindings {
  if (!ANY.test(s)) return { symptoms: [], illness: false };
  const symptoms: Symptom[] = [];
  for (const [symptom, pattern] of PATTERNS) {
    for (const m of s.matchAll(pattern)) {
      if (affirmed(s, m.index, m.index + m[0].length)) {
        symptoms.push(symptom);
        break;
      }
    }
  }
  let illness = false;
  for (const m of s.matchAll(ILLNESS)) {
    if (affirmed(s, m.index, m.index + m[0].length)) {
      illness = true;
      break;
    }
  }
  return { symptoms, illness };
}

/** The text with symptom and illness phrases (and their lead-in 有点/还有) blanked as separators. */
export function maskSymptoms(s: string): string {
  if (!ANY.test(s)) return s;
  let out = s;
  for (const mask of MASKS) out = out.replace(mask, ',');
  return out;
}
