/**
 * Whole conversations through the dialogue with a table classifier: each case is the
 * resident's replies, the prompt keys the robot speaks, and the outcome.
 */
import { initialState, nextDialogue, startDialogue } from '../../../src/core/dialogue/index.js';
import type { DialogueEvent, DialogueOutcome, DialogueStep, DialogueTurn, PromptKey } from '../../../src/core/dialogue/index.js';
import { classifyCalls, fakeContext } from './fakes.js';

/** '' = silence, '#385' = keys pressed, anything else = the transcript. */
type Reply = string;

function toEvent(reply: Reply): DialogueEvent {
  if (reply.startsWith('#')) return { type: 'reply', text: '', digits: reply.slice(1) };
  return { type: 'reply', text: reply, confidence: reply === '' ? undefined : 0.8 };
}

function keysOf(step: DialogueStep): Array<PromptKey | 'hangup'> {
  return step.actions.map((a) => (a.type === 'hangup' ? 'hangup' : a.key));
}

/** Plays a conversation, checking the invariants every step must keep. */
function converse(replies: Reply[], ctx = fakeContext()) {
  let step = startDialogue({ type: 'answered', answeredBy: 'human' }, ctx);
  const keys = keysOf(step);
  const steps: DialogueStep[] = [step];
  const turns: DialogueTurn[] = [];
  for (const reply of replies) {
    expect(step.outcome).toBeUndefined(); // the case has more replies than the conversation
    const pending = step.state.pending;
    // The state is stored as JSON between webhooks; the next turn must work from the copy.
    const stored = JSON.parse(JSON.stringify(step.state)) as typeof step.state;
    expect(stored).toEqual(step.state);
    step = nextDialogue(stored, toEvent(reply), ctx);
    steps.push(step);
    keys.push(...keysOf(step));
    expect(step.turn?.prompt).toBe(pending?.key);
    expect(step.turn?.promptText).toBe(pending?.text);
    if (step.turn) turns.push(step.turn);
    if (step.outcome) {
      expect(step.actions.at(-1)).toEqual({ type: 'hangup' });
      expect(step.state).toMatchObject({ step: 'done', pending: null, outcome: step.outcome });
    } else {
      expect(step.actions).toHaveLength(1);
      const listen = step.actions[0];
      expect(listen?.type).toBe('listen');
      expect(listen?.type === 'listen' && listen.key).toBe(step.state.pending?.key);
      expect(listen?.type === 'listen' && listen.texts.at(-1)).toBe(step.state.pending?.text);
    }
  }
  return { keys, outcome: step.outcome, turns, steps, last: step };
}

const FQ = 'fever_question';
const FQR = 'fever_question_retry';
const KP = 'keypad_fallback';
const TQ = 'temperature_question';
const TR = 'temperature_retry';
const TC = 'temperature_confirm';

interface Case {
  name: string;
  replies: Reply[];
  keys: Array<PromptKey | 'hangup'>;
  outcome: DialogueOutcome;
}

const fever = (temperatureC: number | null, symptoms: DialogueOutcome['symptoms'] = []): DialogueOutcome => ({ label: 'fever', temperatureC, symptoms });

const CASES: Case[] = [
  {
    name: 'fever, temperature asked, heard and confirmed',
    replies: ['我发烧了', '三十八度五', '对'],
    keys: [FQ, TQ, TC, 'closing_fever', 'hangup'],
    outcome: fever(38.5),
  },
  {
    name: 'fever with the temperature in the first answer: confirm straight away (是的)',
    replies: ['孩子发烧了，三十八度五', '是的'],
    keys: [FQ, TC, 'closing_fever', 'hangup'],
    outcome: fever(38.5),
  },
  {
    name: 'fever, temperature typed as 385, confirmed with key 1',
    replies: ['我发烧了', '#385', '#1'],
    keys: [FQ, TQ, TC, 'closing_fever', 'hangup'],
    outcome: fever(38.5),
  },
  {
    name: 'fever, temperature typed as 38*5, confirmed in Traditional (對)',
    replies: ['我发烧了', '#38*5', '對'],
    keys: [FQ, TQ, TC, 'closing_fever', 'hangup'],
    outcome: fever(38.5),
  },
  {
    name: 'fever, wrong temperature rejected, asked again, corrected',
    replies: ['我发烧了', '三十九度', '不对', '三十八度五', '对'],
    keys: [FQ, TQ, TC, TR, TC, 'closing_fever', 'hangup'],
    outcome: fever(38.5),
  },
  {
    name: 'fever, "no" with the right number in the same breath: read the new number back',
    replies: ['我发烧了', '三十九度', '不对，是三十八度五', '对'],
    keys: [FQ, TQ, TC, TC, 'closing_fever', 'hangup'],
    outcome: fever(38.5),
  },
  {
    name: 'fever, temperature rejected twice: close as fever without a temperature',
    replies: ['我发烧了', '三十九度', '不对', '三十八度五', '#2'],
    keys: [FQ, TQ, TC, TR, TC, 'closing_fever', 'hangup'],
    outcome: fever(null),
  },
  {
    name: 'fever, not measured twice: ask once more, then close as fever without a temperature',
    replies: ['我发烧了', '没量', '不知道'],
    keys: [FQ, TQ, TR, 'closing_fever', 'hangup'],
    outcome: fever(null),
  },
  {
    name: 'fever, silence on the temperature question twice',
    replies: ['我发烧了', '', ''],
    keys: [FQ, TQ, TR, 'closing_fever', 'hangup'],
    outcome: fever(null),
  },
  {
    name: 'fever, not measured, then a temperature on the retry',
    replies: ['我发烧了', '没量', '三十八度五', '对'],
    keys: [FQ, TQ, TR, TC, 'closing_fever', 'hangup'],
    outcome: fever(38.5),
  },
  {
    name: 'fever, retry used, then the temperature is rejected: no second retry',
    replies: ['我发烧了', '没量', '三十九度', '不对'],
    keys: [FQ, TQ, TR, TC, 'closing_fever', 'hangup'],
    outcome: fever(null),
  },
  {
    name: 'fever, read-back not understood twice: close as fever without a temperature',
    replies: ['我发烧了', '三十八度五', '啊？', '啊？'],
    keys: [FQ, TQ, TC, TC, 'closing_fever', 'hangup'],
    outcome: fever(null),
  },
  {
    name: 'fever, refuses to give the temperature: fever still stands',
    replies: ['我发烧了', '不想说'],
    keys: [FQ, TQ, 'closing_fever', 'hangup'],
    outcome: fever(null),
  },
  {
    name: 'fever self-reported at 37 °C: label stays fever, temperature kept',
    replies: ['我发烧了', '三十七度', '对'],
    keys: [FQ, TQ, TC, 'closing_fever', 'hangup'],
    outcome: fever(37),
  },
  {
    name: 'yes with a higher temperature in the same answer: the highest counts',
    replies: ['我发烧了', '三十八度五', '对，后来烧到三十九度'],
    keys: [FQ, TQ, TC, 'closing_fever', 'hangup'],
    outcome: fever(39),
  },
  {
    name: 'symptoms from every turn accumulate, deduplicated',
    replies: ['发烧，还咳嗽', '有点乏力，没量', '三十八度五，还咳嗽', '对'],
    keys: [FQ, TQ, TR, TC, 'closing_fever', 'hangup'],
    outcome: fever(38.5, ['cough', 'fatigue']),
  },
  {
    name: 'silence ×3, keypad fallback, key 1 = fever, then the temperature',
    replies: ['', '', '', '#1', '#385', '#1'],
    keys: [FQ, FQR, FQR, KP, TQ, TC, 'closing_fever', 'hangup'],
    outcome: fever(38.5),
  },
  {
    name: 'unclear ×3, keypad fallback, silence: unclear',
    replies: ['嗯嗯啊', '嗯嗯啊', '嗯嗯啊', ''],
    keys: [FQ, FQR, FQR, KP, 'closing_unclear', 'hangup'],
    outcome: { label: 'unclear', temperatureC: null, symptoms: [] },
  },
  {
    name: 'unclear after the keypad fallback (speech): unclear',
    replies: ['', '', '', '嗯嗯啊'],
    keys: [FQ, FQR, FQR, KP, 'closing_unclear', 'hangup'],
    outcome: { label: 'unclear', temperatureC: null, symptoms: [] },
  },
  {
    name: 'keypad 2 = no fever',
    replies: ['', '嗯嗯啊', '', '#2'],
    keys: [FQ, FQR, FQR, KP, 'closing_no_fever', 'hangup'],
    outcome: { label: 'no_fever', temperatureC: null, symptoms: [] },
  },
  {
    name: 'no on the keypad fallback by speech',
    replies: ['', '', '', '没有'],
    keys: [FQ, FQR, FQR, KP, 'closing_no_fever', 'hangup'],
    outcome: { label: 'no_fever', temperatureC: null, symptoms: [] },
  },
  {
    name: 'a temperature in an unclear answer is kept and read back after keypad 1',
    replies: ['听不清，三十八度', '', '', '#1', '对'],
    keys: [FQ, FQR, FQR, KP, TC, 'closing_fever', 'hangup'],
    outcome: fever(38),
  },
  {
    name: 'no fever, with the temperature stated',
    replies: ['没有，都挺好的，体温三十六度六'],
    keys: [FQ, 'closing_no_fever', 'hangup'],
    outcome: { label: 'no_fever', temperatureC: 36.6, symptoms: [] },
  },
  {
    name: 'no fever after one retry',
    replies: ['', '没有'],
    keys: [FQ, FQR, 'closing_no_fever', 'hangup'],
    outcome: { label: 'no_fever', temperatureC: null, symptoms: [] },
  },
  {
    name: 'callback in half an hour',
    replies: ['我在忙，半小时后再打吧'],
    keys: [FQ, 'callback_ack', 'hangup'],
    outcome: { label: 'callback', temperatureC: null, symptoms: [], callbackAfterSeconds: 1800 },
  },
  {
    name: 'callback without a time: the default delay',
    replies: ['现在不方便，晚点打'],
    keys: [FQ, 'callback_ack', 'hangup'],
    outcome: { label: 'callback', temperatureC: null, symptoms: [], callbackAfterSeconds: 7200 },
  },
  {
    name: 'wrong number',
    replies: ['你打错了'],
    keys: [FQ, 'wrong_number_apology', 'hangup'],
    outcome: { label: 'wrong_number', temperatureC: null, symptoms: [] },
  },
  {
    name: 'refused',
    replies: ['不需要，别打了'],
    keys: [FQ, 'refused_goodbye', 'hangup'],
    outcome: { label: 'refused', temperatureC: null, symptoms: [] },
  },
];

describe('conversations', () => {
  it.each(CASES)('$name', ({ replies, keys, outcome }) => {
    const result = converse(replies);
    expect(result.keys).toEqual(keys);
    expect(result.outcome).toEqual(outcome);
    expect(result.turns).toHaveLength(replies.length);
  });
});

describe('what the robot says and stores', () => {
  it('greets naming the office, then asks the fever question, listening for speech and keys', () => {
    const step = startDialogue({ type: 'answered' }, fakeContext());
    expect(step.outcome).toBeUndefined();
    expect(step.state).toMatchObject({ step: 'fever', asked: 1, pending: { key: 'fever_question', text: '<fever_question>' } });
    expect(step.actions).toHaveLength(1);
    const listen = step.actions[0];
    if (listen?.type !== 'listen') throw new Error('expected a listen action');
    expect(listen.texts).toEqual(['<greeting 幸福社区居委会>', '<fever_question>']);
    expect(listen.input).toBe('speech dtmf');
    expect(listen.timeoutSeconds).toBe(5);
    expect(listen.hints).toEqual(expect.arrayContaining(['有', '没有', '发烧', '没发烧', '体温', '度']));
  });

  it('reads the temperature back and sets the keypad up for one key', () => {
    const { steps } = converse(['我发烧了', '三十八度五']);
    const listen = steps[2]?.actions[0];
    expect(listen).toMatchObject({ type: 'listen', key: 'temperature_confirm', texts: ['<temperature_confirm 38.5>'], numDigits: 1 });
    expect(steps[2]?.state).toMatchObject({ step: 'confirm', temperatureC: 38.5 });
  });

  it('the keypad fallback takes one key', () => {
    const { last } = converse(['', '', '']);
    expect(last.actions[0]).toMatchObject({ type: 'listen', key: 'keypad_fallback', input: 'speech dtmf', numDigits: 1 });
  });

  it('says when it will call back', () => {
    const { last } = converse(['我在忙，半小时后再打吧']);
    expect(last.actions[0]).toEqual({ type: 'say', key: 'callback_ack', text: '<callback_ack 半小时后>' });
  });

  it('stores transcript, confidence, digits and classification per turn; silence is not classified', () => {
    classifyCalls.length = 0;
    const { turns } = converse(['', '', '', '#1']);
    expect(turns[0]).toEqual({
      prompt: 'fever_question',
      promptText: '<fever_question>',
      transcript: null,
      confidence: null,
      digits: null,
      classification: null,
    });
    expect(turns[3]).toMatchObject({ prompt: 'keypad_fallback', transcript: null, digits: '1', classification: { label: 'fever', rule: 'fake' } });
    expect(classifyCalls).toEqual([{ text: '', confidence: undefined, digits: '1', prompt: 'keypad' }]);
  });

  it('classifies a typed temperature with prompt "temperature"', () => {
    classifyCalls.length = 0;
    const { turns } = converse(['我发烧了', '#385']);
    expect(classifyCalls.map((c) => c.prompt)).toEqual(['fever', 'temperature']);
    expect(turns[1]).toMatchObject({ prompt: 'temperature_question', digits: '385', classification: { temperatureC: 38.5 } });
    expect(turns[0]).toMatchObject({ transcript: '我发烧了', confidence: 0.8 });
  });
});

describe('answering machines', () => {
  it('hangs up at once when voicemailAction is hangup', () => {
    const step = startDialogue({ type: 'answered', answeredBy: 'machine' }, fakeContext({ voicemailAction: 'hangup' }));
    expect(step.actions).toEqual([{ type: 'hangup' }]);
    expect(step.outcome).toEqual({ label: 'voicemail', temperatureC: null, symptoms: [] });
    expect(step.state).toMatchObject({ step: 'done', outcome: step.outcome, pending: null });
  });

  it('leaves the notice, then hangs up, when voicemailAction is notice', () => {
    const step = startDialogue({ type: 'answered', answeredBy: 'machine' }, fakeContext({ voicemailAction: 'notice' }));
    expect(step.actions).toEqual([{ type: 'say', key: 'voicemail_notice', text: '<voicemail_notice 幸福社区居委会>' }, { type: 'hangup' }]);
    expect(step.outcome?.label).toBe('voicemail');
  });

  it('treats an unknown answerer as a person', () => {
    const step = startDialogue({ type: 'answered', answeredBy: 'unknown' }, fakeContext());
    expect(keysOf(step)).toEqual(['fever_question']);
  });
});

describe('idempotence and restarts', () => {
  it('a reply after the conversation is done returns the same state, a hangup and no turn', () => {
    const { last } = converse(['你打错了']);
    const again = nextDialogue(last.state, { type: 'reply', text: '喂？' }, fakeContext());
    expect(again.state).toBe(last.state);
    expect(again.actions).toEqual([{ type: 'hangup' }]);
    expect(again.turn).toBeUndefined();
    expect(again.outcome).toBeUndefined();
  });

  it('a duplicate "answered" mid-call repeats the pending question without changing state', () => {
    const { last } = converse(['我发烧了']);
    const again = nextDialogue(last.state, { type: 'answered' }, fakeContext());
    expect(again.state).toBe(last.state);
    expect(again.actions).toEqual(last.actions);
    expect(again.turn).toBeUndefined();
  });

  it('the initial state starts the conversation on "answered", like startDialogue', () => {
    const ctx = fakeContext();
    expect(initialState()).toMatchObject({ step: 'start', pending: null, outcome: null });
    expect(nextDialogue(initialState(), { type: 'answered' }, ctx)).toEqual(startDialogue({ type: 'answered' }, ctx));
    expect(nextDialogue(initialState(), { type: 'answered', answeredBy: 'machine' }, ctx).outcome?.label).toBe('voicemail');
  });

  it('the same state and event always give the same step (a retried webhook)', () => {
    const ctx = fakeContext();
    const { steps } = converse(['我发烧了', '三十九度']);
    const state = steps[2]?.state ?? initialState();
    const event: DialogueEvent = { type: 'reply', text: '不对' };
    expect(nextDialogue(state, event, ctx)).toEqual(nextDialogue(state, event, ctx));
  });

  it('a state stored before temperatureRetried existed still works', () => {
    const { steps } = converse(['我发烧了', '三十九度']);
    const { temperatureRetried: _dropped, ...old } = steps[2]?.state ?? initialState();
    const step = nextDialogue(old, { type: 'reply', text: '不对' }, fakeContext());
    expect(keysOf(step)).toEqual(['temperature_retry']);
  });
});
