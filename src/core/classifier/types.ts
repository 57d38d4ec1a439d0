/**
 * The answer classifier's contract: a transcript (or keypad digits) in, a decision out.
 * Pure data; the classifier imports no I/O.
 */

/** What a resident's answer means for the screening. */
export type AnswerLabel = 'fever' | 'no_fever' | 'unclear' | 'callback' | 'wrong_number' | 'refused';

export const ANSWER_LABELS: readonly AnswerLabel[] = ['fever', 'no_fever', 'unclear', 'callback', 'wrong_number', 'refused'];

/** Symptoms other than fever that an answer may name. */
export type Symptom = 'cough' | 'sore_throat' | 'fatigue' | 'breathing' | 'diarrhea' | 'loss_of_taste_smell';

export const SYMPTOMS: readonly Symptom[] = ['cough', 'sore_throat', 'fatigue', 'breathing', 'diarrhea', 'loss_of_taste_smell'];

/** Which question the answer replies to. */
export type PromptKind = 'fever' | 'temperature' | 'keypad';

export interface ClassifyInput {
  /** The recogniser's transcript; may be empty (silence). */
  text: string;
  /** Recogniser confidence in [0,1], when known. */
  confidence?: number | undefined;
  /** The question being answered; default 'fever'. */
  prompt?: PromptKind | undefined;
  /** Keypad digits, when the resident pressed keys instead of speaking. */
  digits?: string | undefined;
}

export interface Classification {
  label: AnswerLabel;
  /** Temperature stated in °C (34–43), the highest if several; null when none. */
  temperatureC: number | null;
  symptoms: Symptom[];
  /** How sure the classifier is, in [0,1]. */
  confidence: number;
  /** Name of the rule that decided, so a reviewer can see why. */
  rule: string;
}
