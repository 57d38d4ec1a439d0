/**
 * Keypad answers. The fever question says "有请按1,没有请按2"; the temperature question
 * asks for the reading typed as digits, with * as the decimal point ("38*5") or three
 * digits with an implied one ("385").
 */
import type { AnswerLabel } from './types.js';
import { FEVER_THRESHOLD_C, PLAUSIBLE_MAX_C, PLAUSIBLE_MIN_C } from './temperature.js';

// Phones send '#' to end an entry; full-width digits arrive from some gateways.
const TERMINATOR = /#+$/;
const SPOKEN_DIGIT: Readonly<Record<string, string>> = { 一: '1', 幺: '1', 二: '2', 两: '2' };

/** Digits as typed, trimmed and half-width; '' when nothing usable. */
export function cleanDigits(digits: string): string {
  return digits.normalize('NFKC').replace(/\s+/g, '').replace(TERMINATOR, '');
}

/** The fever question by keypad: 1 = yes, 2 = no, anything else is not an answer. */
export function keypadLabel(digits: string): AnswerLabel {
  const d = cleanDigits(digits);
  if (d === '1') return 'fever';
  if (d === '2') return 'no_fever';
  return 'unclear';
}

/**
 * A one-key answer said instead of pressed ("1", "一", "按1"), for the keypad prompt;
 * null when the transcript is more than that.
 */
export function spokenKey(normalised: string): string | null {
  const m = /^(?:我)?(?:按|选)?([0-9一幺二两])(?:号)?$/.exec(normalised);
  if (!m) return null;
  return SPOKEN_DIGIT[m[1]!] ?? m[1]!;
}

/**
 * A temperature typed on the keypad: "385" or "38*5" -> 38.5, "37" -> 37, "3750" -> 37.5;
 * null when it is not a plausible body temperature.
 */
export function keypadTemperature(digits: string): number | null {
  const d = cleanDigits(digits).replace(/\*+/g, '*');
  let value: number;
  const parts = /^(\d{2})\*(\d{1,2})$/.exec(d);
  if (parts) value = Number(`${parts[1]}.${parts[2]}`);
  else if (/^\d{2}$/.test(d)) value = Number(d);
  else if (/^\d{3,4}$/.test(d)) value = Number(`${d.slice(0, 2)}.${d.slice(2)}`);
  else return null;
  if (value < PLAUSIBLE_MIN_C || value > PLAUSIBLE_MAX_C) return null;
  return Math.round(value * 100) / 100;
}

/** The label a temperature gives on its own. */
export function labelForTemperature(value: number): AnswerLabel {
  // Float noise: 37 + 0.3 must count as 37.3.
  return value >= FEVER_THRESHOLD_C - 1e-9 ? 'fever' : 'no_fever';
}
