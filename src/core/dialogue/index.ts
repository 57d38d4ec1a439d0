/**
 * The phone dialogue: a pure state machine over plain-JSON state. The telephony adapter
 * renders the returned actions (TwiML); the app stores state, turns and outcome.
 */
import { classify } from '../classifier/index.js';
import type { AnsweredEvent } from './machine.js';
import { next, start } from './machine.js';
import type { DialogueContext, DialogueEvent, DialogueState, DialogueStep } from './types.js';

export type { AnsweredEvent, ClassifyFn } from './machine.js';
export { initialState, questionHints } from './machine.js';
export { PROMPT_KEYS, PROMPT_PLACEHOLDERS, formatTemperature, placeholdersOf, renderPrompt } from './prompts.js';
export { recogniseYesNo } from './yesNo.js';
export type { YesNo } from './yesNo.js';
export { chineseCount, parseCallbackHint, parseNumeral } from './callbackHint.js';
export type { CallbackHint } from './callbackHint.js';
export type * from './types.js';

/**
 * Starts a call's conversation once it is answered. A human (or unknown) answer gets the
 * greeting naming the office and the fever question, listening for speech or keys; an
 * answering machine ends the conversation with outcome `voicemail`, after the
 * voicemail notice when `ctx.voicemailAction` is 'notice'.
 */
export function startDialogue(event: AnsweredEvent, ctx: DialogueContext): DialogueStep {
  return start(event, ctx);
}

/**
 * Advances a conversation by one event. A `reply` answers `state.pending`: the result
 * carries the new state, the actions to perform, the `turn` to store, and the `outcome`
 * once the conversation is over (its actions then end in `hangup`). A reply to a finished
 * conversation returns the same state, `[hangup]` and no turn, so retried webhooks are
 * harmless. Uses `ctx.classify` when given, else the real classifier.
 */
export function nextDialogue(state: DialogueState, event: DialogueEvent, ctx: DialogueContext): DialogueStep {
  return next(state, event, ctx, ctx.classify ?? classify);
}
