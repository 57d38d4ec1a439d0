/**
 * Test doubles for the dialogue: a classifier that answers from a table (so the tests
 * exercise the conversation, not the classifier's rules) and a context with marker
 * prompts whose keys and placeholders are easy to assert on.
 */
import type { Classification, ClassifyInput, PromptKind, Symptom } from '../../../src/core/classifier/types.js';
import { PROMPT_KEYS } from '../../../src/core/dialogue/prompts.js';
import type { DialogueContext, Prompts } from '../../../src/core/dialogue/types.js';

type Entry = [label: Classification['label'], temperatureC?: number | null, symptoms?: Symptom[]];

/**
 * Answers keyed by `${prompt}:${text}` (or `${prompt}:#${digits}` for keys pressed
 * without speech). An unlisted key throws, so a test also fails when the dialogue asks
 * the classifier under the wrong prompt kind.
 */
const TABLE: Record<string, Entry> = {
  'fever:我发烧了': ['fever'],
  'fever:孩子发烧了，三十八度五': ['fever', 38.5],
  'fever:发烧，还咳嗽': ['fever', null, ['cough']],
  'fever:嗯嗯啊': ['unclear'],
  'fever:没有，都挺好的，体温三十六度六': ['no_fever', 36.6],
  'fever:没有': ['no_fever'],
  'fever:我在忙，半小时后再打吧': ['callback'],
  'fever:现在不方便，晚点打': ['callback'],
  'fever:你打错了': ['wrong_number'],
  'fever:不需要，别打了': ['refused'],
  'fever:听不清，三十八度': ['unclear', 38],
  'keypad:#1': ['fever'],
  'keypad:#2': ['no_fever'],
  'temperature:三十八度五': ['fever', 38.5],
  'temperature:三十八度五，还咳嗽': ['fever', 38.5, ['cough']],
  'temperature:三十九度': ['fever', 39],
  'temperature:三十七度': ['fever', 37],
  'temperature:#385': ['fever', 38.5],
  'temperature:#38*5': ['fever', 38.5],
  'temperature:没量': ['unclear'],
  'temperature:不知道': ['unclear'],
  'temperature:有点乏力，没量': ['unclear', null, ['fatigue']],
  'temperature:不想说': ['refused'],
  'temperature:对': ['unclear'],
  'temperature:是的': ['unclear'],
  'temperature:對': ['unclear'],
  'temperature:不对': ['unclear'],
  'temperature:#1': ['unclear'],
  'temperature:#2': ['unclear'],
  'temperature:啊？': ['unclear'],
  'temperature:不对，是三十八度五': ['fever', 38.5],
  'temperature:对，后来烧到三十九度': ['fever', 39],
};

/** Every input the fake was asked about, in order. */
export const classifyCalls: ClassifyInput[] = [];

/** The table classifier; see TABLE. */
export function fakeClassify(input: ClassifyInput): Classification {
  classifyCalls.push(input);
  const prompt: PromptKind = input.prompt ?? 'fever';
  const key = `${prompt}:${input.text.trim() === '' ? `#${input.digits ?? ''}` : input.text}`;
  const entry = TABLE[key];
  if (!entry) throw new Error(`fake classifier: no entry for ${JSON.stringify(key)}`);
  const [label, temperatureC = null, symptoms = []] = entry;
  return { label, temperatureC, symptoms, confidence: 0.9, rule: 'fake' };
}

/** Marker prompts: `<key>` plus the placeholders each key uses. */
export const markerPrompts: Prompts = {
  ...(Object.fromEntries(PROMPT_KEYS.map((k) => [k, `<${k}>`])) as Prompts),
  greeting: '<greeting {office}>',
  temperature_confirm: '<temperature_confirm {temperature}>',
  callback_ack: '<callback_ack {when}>',
  voicemail_notice: '<voicemail_notice {office}>',
};

/** A dialogue context using the fake classifier and marker prompts. */
export function fakeContext(overrides: Partial<DialogueContext> = {}): DialogueContext {
  return {
    officeName: '幸福社区居委会',
    prompts: markerPrompts,
    voicemailAction: 'hangup',
    callbackDefaultSeconds: 7200,
    classify: fakeClassify,
    ...overrides,
  };
}
