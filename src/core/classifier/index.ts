/**
 * The answer classifier: a transcript (or keypad digits) in, a decision out. Pure: no
 * I/O, no clock, no randomness; safe to call for every turn of every call.
 */
import type { AnswerLabel, Classification, ClassifyInput, PromptKind } from './types.js';
import { analyse } from './analyse.js';
import { cleanDigits, keypadLabel, keypadTemperature, labelForTemperature, spokenKey } from './keypad.js';
import { decide } from './rules.js';
import { highestExact } from './temperature.js';

export type { AnswerLabel, Classification, ClassifyInput, PromptKind, Symptom } from './types.js';
export { ANSWER_LABELS, SYMPTOMS } from './types.js';

/**
 * Below this recogniser confidence a "no" is not trusted: a misheard "有" or a fever
 * word lost in noise would otherwise close the household as healthy. Recognisers
 * (Twilio, Google) report ~0.8–0.95 on clean Mandarin speech and below 0.5 mostly on
 * noise and mumbling, so 0.5 keeps clean answers while sending doubtful ones to a
 * person. Only a "no" is pushed to unclear; a fever stays a fever whatever the score.
 */
export const LOW_RECOGNISER_CONFIDENCE = 0.5;

function recogniserConfidence(value: number | undefined): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  return Math.min(1, Math.max(0, value));
}

function result(label: AnswerLabel, rule: string, confidence: number, asr: number | null, temperatureC: number | null, symptoms: Classification['symptoms']): Classification {
  const combined = asr === null ? confidence : confidence * asr;
  return { label, temperatureC, symptoms, confidence: Math.round(combined * 1000) / 1000, rule };
}

/** Classifies one answer; never throws, whatever the input. */
export function classify(input: ClassifyInput): Classification {
  const prompt: PromptKind = input.prompt === 'temperature' || input.prompt === 'keypad' ? input.prompt : 'fever';
  const text = typeof input.text === 'string' ? input.text : '';
  const asr = recogniserConfidence(input.confidence);
  const a = analyse(text, prompt);

  // A key press is unambiguous, so it decides over anything heard.
  const digits = typeof input.digits === 'string' ? cleanDigits(input.digits) : '';
  if (digits !== '') {
    if (prompt === 'temperature') {
      const t = keypadTemperature(digits);
      if (t === null) return result('unclear', 'keypad_temperature_invalid', 0.9, null, null, a.symptoms);
      return result(labelForTemperature(t), 'keypad_temperature', 0.99, null, t, a.symptoms);
    }
    const label = keypadLabel(digits);
    return result(label, label === 'unclear' ? 'keypad_other' : 'keypad', label === 'unclear' ? 0.9 : 0.99, null, null, a.symptoms);
  }
  if (prompt === 'keypad') {
    const key = spokenKey(a.normalised);
    if (key !== null) {
      const label = keypadLabel(key);
      return result(label, label === 'unclear' ? 'keypad_spoken_other' : 'keypad_spoken', 0.8, asr, null, a.symptoms);
    }
  }

  const rule = decide(a, prompt);
  const temperatureC = highestExact(a.readings);
  if (rule.label === 'no_fever' && asr !== null && asr < LOW_RECOGNISER_CONFIDENCE) {
    return result('unclear', `low_confidence:${rule.name}`, rule.confidence, asr, temperatureC, a.symptoms);
  }
  return result(rule.label, rule.name, rule.confidence, asr, temperatureC, a.symptoms);
}
