/**
 * The screening conversation as transitions `(state, event) -> (state, actions)`.
 * The classifier is a parameter so this module imports no implementation of it;
 * index.ts wires the real one in as the default.
 */
import type { Classification, ClassifyInput, PromptKind, Symptom } from '../classifier/types.js';
import { parseCallbackHint } from './callbackHint.js';
import { formatTemperature, renderPrompt } from './prompts.js';
import type {
  DialogueAction,
  DialogueContext,
  DialogueEvent,
  DialogueOutcome,
  DialogueOutcomeLabel,
  DialogueState,
  DialogueStep,
  DialogueTurn,
  PromptKey,
} from './types.js';
import { recogniseYesNo } from './yesNo.js';

/** The classifier's signature, as the dialogue uses it. */
export type ClassifyFn = (input: ClassifyInput) => Classification;

/** The event that starts a conversation. */
export type AnsweredEvent = Extract<DialogueEvent, { type: 'answered' }>;
type ReplyEvent = Extract<DialogueEvent, { type: 'reply' }>;

// Twilio's <Gather> default; long enough for an elderly resident to start answering,
// short enough that silence does not feel like a dropped line.
const LISTEN_TIMEOUT_SECONDS = 5;
// The fever question, then two retries, then the keypad (the rule).
const FEVER_QUESTION_MAX_ASKS = 3;
// Reading a temperature back twice is enough: after that we close as fever without one
// rather than keep a feverish household on the line.
const CONFIRM_MAX_ASKS = 2;

type QuestionKey = 'fever_question' | 'fever_question_retry' | 'keypad_fallback' | 'temperature_question' | 'temperature_retry' | 'temperature_confirm';

/** What each question listens for: recogniser hints (words we expect) and a digit limit. */
const QUESTIONS: Record<QuestionKey, { hints: readonly string[]; numDigits?: number }> = {
  fever_question: { hints: feverHints() },
  fever_question_retry: { hints: feverHints() },
  keypad_fallback: { hints: ['有', '没有', '一', '二'], numDigits: 1 },
  // No digit limit: a typed temperature is 3 keys (385) or 4 (38*5).
  temperature_question: { hints: temperatureHints() },
  temperature_retry: { hints: temperatureHints() },
  temperature_confirm: { hints: ['对', '是', '是的', '对的', '没错', '嗯', '不对', '不是', '错了'], numDigits: 1 },
};

function feverHints(): string[] {
  return ['有', '没有', '发烧', '没发烧', '没有人发烧', '不发烧', '体温', '度', '正常', '咳嗽', '打错了', '不需要', '在忙', '晚点再打'];
}

function temperatureHints(): string[] {
  return ['度', '三十七度', '三十八度', '三十九度', '四十度', '点', '没量', '不知道', '不清楚'];
}

/** Phrase hints for the answer to a question (what the recogniser should expect); none for other prompts. */
export function questionHints(key: PromptKey): string[] {
  return key in QUESTIONS ? [...QUESTIONS[key as QuestionKey].hints] : [];
}

/** The state before the call is answered. */
export function initialState(): DialogueState {
  return { step: 'start', asked: 0, temperatureC: null, symptoms: [], pending: null, outcome: null };
}

function promptText(ctx: DialogueContext, key: PromptKey, vars: Record<string, string> = {}): string {
  return renderPrompt(ctx.prompts[key], { office: ctx.officeName, ...vars });
}

function listenAction(key: QuestionKey, texts: string[]): DialogueAction {
  const spec = QUESTIONS[key];
  return {
    type: 'listen',
    key,
    texts,
    input: 'speech dtmf',
    hints: [...spec.hints],
    timeoutSeconds: LISTEN_TIMEOUT_SECONDS,
    ...(spec.numDigits === undefined ? {} : { numDigits: spec.numDigits }),
  };
}

function withTurn(step: DialogueStep, turn: DialogueTurn | undefined): DialogueStep {
  return turn ? { ...step, turn } : step;
}

/** Asks a question: the state remembers it as pending, the action speaks it and listens. */
function ask(
  ctx: DialogueContext,
  state: DialogueState,
  key: QuestionKey,
  turn?: DialogueTurn,
  vars: Record<string, string> = {},
): DialogueStep {
  const text = promptText(ctx, key, vars);
  return withTurn({ state: { ...state, pending: { key, text } }, actions: [listenAction(key, [text])] }, turn);
}

/** Ends the conversation: say the closing prompt, hang up, report the outcome. */
function finish(
  ctx: DialogueContext,
  state: DialogueState,
  key: PromptKey,
  outcome: DialogueOutcome,
  turn?: DialogueTurn,
  vars: Record<string, string> = {},
): DialogueStep {
  const done: DialogueState = { ...state, step: 'done', pending: null, outcome };
  const actions: DialogueAction[] = [{ type: 'say', key, text: promptText(ctx, key, vars) }, { type: 'hangup' }];
  return withTurn({ state: done, actions, outcome }, turn);
}

function outcomeOf(label: DialogueOutcomeLabel, state: DialogueState, temperatureC: number | null = state.temperatureC): DialogueOutcome {
  return { label, temperatureC, symptoms: [...state.symptoms] };
}

function closeAsFever(ctx: DialogueContext, state: DialogueState, temperatureC: number | null, turn: DialogueTurn): DialogueStep {
  const closed = { ...state, temperatureC };
  return finish(ctx, closed, 'closing_fever', outcomeOf('fever', closed), turn);
}

function mergeSymptoms(known: readonly Symptom[], heard: readonly Symptom[] | undefined): Symptom[] {
  const all = [...known];
  for (const s of heard ?? []) if (!all.includes(s)) all.push(s);
  return all;
}

function highest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

function isSilence(event: ReplyEvent): boolean {
  return event.text.trim() === '' && (event.digits ?? '').trim() === '';
}

function classifyReply(classify: ClassifyFn, event: ReplyEvent, prompt: PromptKind): Classification | null {
  if (isSilence(event)) return null; // silence is the dialogue's to decide; nothing to classify
  const digits = event.digits?.trim() ? event.digits.trim() : undefined;
  return classify({ text: event.text, confidence: event.confidence, digits, prompt });
}

function turnOf(pending: { key: PromptKey; text: string }, event: ReplyEvent, classification: Classification | null): DialogueTurn {
  return {
    prompt: pending.key,
    promptText: pending.text,
    transcript: event.text.trim() === '' ? null : event.text,
    confidence: event.confidence ?? null,
    digits: event.digits?.trim() ? event.digits.trim() : null,
    classification,
  };
}

/**
 * Starts the conversation when the call is answered: greet, naming the office, and ask
 * the fever question; an answering machine gets a notice or a plain hang-up.
 */
export function start(event: AnsweredEvent, ctx: DialogueContext): DialogueStep {
  if (event.answeredBy === 'machine') {
    const outcome: DialogueOutcome = { label: 'voicemail', temperatureC: null, symptoms: [] };
    const actions: DialogueAction[] =
      ctx.voicemailAction === 'notice'
        ? [{ type: 'say', key: 'voicemail_notice', text: promptText(ctx, 'voicemail_notice') }, { type: 'hangup' }]
        : [{ type: 'hangup' }];
    return { state: { ...initialState(), step: 'done', outcome }, actions, outcome };
  }
  const question = promptText(ctx, 'fever_question');
  const state: DialogueState = { ...initialState(), step: 'fever', asked: 1, pending: { key: 'fever_question', text: question } };
  return { state, actions: [listenAction('fever_question', [promptText(ctx, 'greeting'), question])] };
}

/** Advances the conversation by one event; see index.ts for the contract. */
export function next(state: DialogueState, event: DialogueEvent, ctx: DialogueContext, classify: ClassifyFn): DialogueStep {
  // Carriers retry webhooks: a late reply must not reopen a finished conversation.
  if (state.step === 'done') return { state, actions: [{ type: 'hangup' }] };
  // No question asked yet (or a state without one): begin the conversation properly.
  if (state.step === 'start' || state.pending === null) return start(event.type === 'answered' ? event : { type: 'answered' }, ctx);
  if (event.type === 'answered') return repeatPending(state, ctx);
  switch (state.step) {
    case 'fever':
    case 'keypad':
      return onScreeningAnswer(state, event, ctx, classify);
    case 'temperature':
      return onTemperature(state, event, ctx, classify);
    case 'confirm':
      return onConfirm(state, event, ctx, classify);
    default: {
      const unknown: never = state.step;
      throw new Error(`dialogue: unknown step ${JSON.stringify(unknown)}`);
    }
  }
}

/** A duplicate "answered" webhook mid-call: say the pending question again, change nothing. */
function repeatPending(state: DialogueState, ctx: DialogueContext): DialogueStep {
  const pending = state.pending;
  if (pending === null || !(pending.key in QUESTIONS)) return { state, actions: [{ type: 'hangup' }] };
  const key = pending.key as QuestionKey;
  const texts = key === 'fever_question' ? [promptText(ctx, 'greeting'), pending.text] : [pending.text];
  return { state, actions: [listenAction(key, texts)] };
}

/** The answer to the fever question (spoken) or to the keypad fallback (digits or speech). */
function onScreeningAnswer(state: DialogueState, event: ReplyEvent, ctx: DialogueContext, classify: ClassifyFn): DialogueStep {
  const keypad = state.step === 'keypad';
  const pressed = (event.digits ?? '').trim() !== '';
  const c = classifyReply(classify, event, keypad && pressed ? 'keypad' : 'fever');
  const turn = turnOf(state.pending ?? { key: 'fever_question', text: '' }, event, c);
  // A temperature or symptom mentioned in an unclear answer is still worth keeping.
  const base: DialogueState = {
    ...state,
    symptoms: mergeSymptoms(state.symptoms, c?.symptoms),
    temperatureC: highest(state.temperatureC, c?.temperatureC ?? null),
  };

  if (c === null || c.label === 'unclear') {
    if (keypad) return finish(ctx, base, 'closing_unclear', outcomeOf('unclear', base), turn);
    if (state.asked < FEVER_QUESTION_MAX_ASKS) return ask(ctx, { ...base, step: 'fever', asked: state.asked + 1 }, 'fever_question_retry', turn);
    return ask(ctx, { ...base, step: 'keypad', asked: 1 }, 'keypad_fallback', turn);
  }
  switch (c.label) {
    case 'fever':
      if (base.temperatureC !== null) return confirm(ctx, base, base.temperatureC, turn);
      return ask(ctx, { ...base, step: 'temperature', asked: 1 }, 'temperature_question', turn);
    case 'no_fever':
      return finish(ctx, base, 'closing_no_fever', outcomeOf('no_fever', base), turn);
    case 'callback': {
      const hint = parseCallbackHint(event.text, ctx.callbackDefaultSeconds);
      const outcome: DialogueOutcome = { ...outcomeOf('callback', base), callbackAfterSeconds: hint.seconds };
      return finish(ctx, base, 'callback_ack', outcome, turn, { when: hint.when });
    }
    case 'wrong_number':
      return finish(ctx, base, 'wrong_number_apology', outcomeOf('wrong_number', base), turn);
    case 'refused':
      return finish(ctx, base, 'refused_goodbye', outcomeOf('refused', base), turn);
  }
}

/** Reads a temperature back for confirmation. */
function confirm(ctx: DialogueContext, state: DialogueState, temperatureC: number, turn: DialogueTurn, asked = 1): DialogueStep {
  const next: DialogueState = { ...state, step: 'confirm', asked, temperatureC };
  return ask(ctx, next, 'temperature_confirm', turn, { temperature: formatTemperature(temperatureC) });
}

/** The answer to "最高体温是多少度?" — fever is settled; only the number is open. */
function onTemperature(state: DialogueState, event: ReplyEvent, ctx: DialogueContext, classify: ClassifyFn): DialogueStep {
  const c = classifyReply(classify, event, 'temperature');
  const turn = turnOf(state.pending ?? { key: 'temperature_question', text: '' }, event, c);
  const base: DialogueState = { ...state, symptoms: mergeSymptoms(state.symptoms, c?.symptoms) };
  if (c !== null && c.temperatureC !== null) return confirm(ctx, base, c.temperatureC, turn);
  // Someone who refuses or asks us to call back has already told us about the fever:
  // close now rather than press them for a number.
  const gaveUp = c !== null && (c.label === 'refused' || c.label === 'callback' || c.label === 'wrong_number');
  if (gaveUp || state.temperatureRetried) return closeAsFever(ctx, base, null, turn);
  return ask(ctx, { ...base, step: 'temperature', asked: state.asked + 1, temperatureC: null, temperatureRetried: true }, 'temperature_retry', turn);
}

/** The answer to "您说的最高体温是…度，对吗?". */
function onConfirm(state: DialogueState, event: ReplyEvent, ctx: DialogueContext, classify: ClassifyFn): DialogueStep {
  const yesNo = recogniseYesNo(event.text, event.digits);
  const c = classifyReply(classify, event, 'temperature');
  const turn = turnOf(state.pending ?? { key: 'temperature_confirm', text: '' }, event, c);
  const base: DialogueState = { ...state, symptoms: mergeSymptoms(state.symptoms, c?.symptoms) };
  const current = state.temperatureC;
  const heard = c?.temperatureC ?? null;

  // Repeating the number back ("三十八度五") is a yes too.
  if (yesNo === 'yes' || (yesNo === null && heard !== null && heard === current)) {
    // "对，后来烧到三十九度": the highest temperature counts.
    return closeAsFever(ctx, base, highest(current, heard), turn);
  }
  if (yesNo === 'no' || heard !== null) {
    // A "no", or a different number, rejects what we read back.
    if (state.temperatureRetried) return closeAsFever(ctx, base, null, turn);
    const rejected: DialogueState = { ...base, temperatureC: null, temperatureRetried: true };
    if (heard !== null && heard !== current) return confirm(ctx, rejected, heard, turn);
    return ask(ctx, { ...rejected, step: 'temperature', asked: 2 }, 'temperature_retry', turn);
  }
  if (state.asked < CONFIRM_MAX_ASKS && current !== null) return confirm(ctx, base, current, turn, state.asked + 1);
  return closeAsFever(ctx, base, null, turn);
}
