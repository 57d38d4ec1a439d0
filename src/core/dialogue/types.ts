/**
 * The phone dialogue's contract. The dialogue is a pure state machine:
 * `(state, event) -> (state, actions)`; actions are data that the telephony adapter
 * renders (TwiML for Twilio and the simulator). The state is plain JSON, stored on the
 * attempt row between webhooks.
 */
import type { Classification, ClassifyInput, Symptom } from '../classifier/types.js';

/** Keys of the prompts in prompts/zh-CN.json. */
export type PromptKey =
  | 'greeting'
  | 'fever_question'
  | 'fever_question_retry'
  | 'keypad_fallback'
  | 'temperature_question'
  | 'temperature_retry'
  | 'temperature_confirm'
  | 'closing_fever'
  | 'closing_no_fever'
  | 'closing_unclear'
  | 'callback_ack'
  | 'wrong_number_apology'
  | 'refused_goodbye'
  | 'voicemail_notice';

/** Prompt texts by key; may contain {office}, {temperature}, {when} placeholders. */
export type Prompts = Record<PromptKey, string>;

/** Final result of a call's conversation (voicemail means: retry later). */
export type DialogueOutcomeLabel = 'fever' | 'no_fever' | 'unclear' | 'callback' | 'wrong_number' | 'refused' | 'voicemail';

export interface DialogueOutcome {
  label: DialogueOutcomeLabel;
  temperatureC: number | null;
  symptoms: Symptom[];
  /** For 'callback': call again after this many seconds. */
  callbackAfterSeconds?: number;
}

export type DialogueEvent =
  /** The callee picked up (answeredBy from answering-machine detection, when enabled). */
  | { type: 'answered'; answeredBy?: 'human' | 'machine' | 'unknown' }
  /** A <Gather> returned: speech transcript and/or keypad digits. Empty text and no digits = silence. */
  | { type: 'reply'; text: string; confidence?: number; digits?: string };

export type DialogueAction =
  /** Speak text (no input expected). */
  | { type: 'say'; key: PromptKey; text: string }
  /**
   * Speak the texts while listening for an answer (barge-in allowed), then post the
   * result to the action URL, also when nothing was heard.
   */
  | { type: 'listen'; key: PromptKey; texts: string[]; input: 'speech dtmf' | 'dtmf'; hints: string[]; timeoutSeconds: number; numDigits?: number }
  | { type: 'hangup' };

/** What one exchange stored: the question, what was heard, how it was understood. */
export interface DialogueTurn {
  prompt: PromptKey;
  promptText: string;
  transcript: string | null;
  confidence: number | null;
  digits: string | null;
  classification: Classification | null;
}

export interface DialogueContext {
  /** How the robot names itself, e.g. 幸福社区居委会. */
  officeName: string;
  prompts: Prompts;
  voicemailAction: 'hangup' | 'notice';
  /** Default call-back delay when the resident does not say when. */
  callbackDefaultSeconds: number;
  /**
   * The answer classifier to use; defaults to the real one (core/classifier). Handed in so
   * dialogue tests exercise the conversation, not the classifier's rules.
   */
  classify?: (input: ClassifyInput) => Classification;
}

/** Serialisable dialogue state (stored as JSON between webhooks). */
export interface DialogueState {
  step: 'start' | 'fever' | 'keypad' | 'temperature' | 'confirm' | 'done';
  /** How many times the current question has been asked. */
  asked: number;
  /** Temperature heard so far (awaiting confirmation in step 'confirm'). */
  temperatureC: number | null;
  symptoms: Symptom[];
  /**
   * True once the single temperature retry has been used (after silence / "not measured",
   * or after the resident rejected the temperature we read back). Carried through
   * 'confirm' so a "no" there knows whether it may ask again. Absent = false.
   */
  temperatureRetried?: boolean;
  /** The prompt key and text of the question now awaiting an answer. */
  pending: { key: PromptKey; text: string } | null;
  outcome: DialogueOutcome | null;
}

export interface DialogueStep {
  state: DialogueState;
  actions: DialogueAction[];
  /** The exchange this event completed, to be stored as a turn. */
  turn?: DialogueTurn;
  /** Set when the conversation has reached its result. */
  outcome?: DialogueOutcome;
}
