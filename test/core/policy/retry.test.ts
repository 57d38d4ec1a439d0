import { decideAfterAttempt, type AttemptEnd, type RetryPolicy } from '../../../src/core/policy/retry.js';
import type { DialogueOutcome } from '../../../src/core/dialogue/types.js';

const policy: RetryPolicy = {
  maxAttempts: 3,
  busySeconds: 300,
  noAnswerSeconds: 1800,
  voicemailSeconds: 1200,
  carrierErrorBaseSeconds: 60,
  carrierErrorMaxSeconds: 200,
  callbackDefaultSeconds: 3600,
  timeScale: 1,
};
const outcome = (label: DialogueOutcome['label'], extra: Partial<DialogueOutcome> = {}): AttemptEnd => ({
  kind: 'answered',
  outcome: { label, temperatureC: null, symptoms: [], ...extra },
  feverHeard: label === 'fever',
});

describe('decideAfterAttempt', () => {
  test.each<[string, AttemptEnd, number, object]>([
    ['busy -> soon', { kind: 'busy' }, 1, { action: 'retry', afterSeconds: 300 }],
    ['no answer -> later', { kind: 'no_answer' }, 1, { action: 'retry', afterSeconds: 1800 }],
    ['voicemail -> later', outcome('voicemail'), 2, { action: 'retry', afterSeconds: 1200 }],
    ['carrier error 1 -> base', { kind: 'failed' }, 1, { action: 'retry', afterSeconds: 60 }],
    ['carrier error 2 -> doubled', { kind: 'failed' }, 2, { action: 'retry', afterSeconds: 120 }],
    ['callback at the time asked', outcome('callback', { callbackAfterSeconds: 1800 }), 1, { action: 'retry', afterSeconds: 1800 }],
    ['callback without a time -> default', outcome('callback'), 1, { action: 'retry', afterSeconds: 3600 }],
    ['hung up before answering -> soon', { kind: 'answered', outcome: null, feverHeard: false }, 1, { action: 'retry', afterSeconds: 300 }],
    ['no fever -> done, no follow-up', outcome('no_fever'), 1, { action: 'done', outcome: 'no_fever', followUp: null }],
    ['fever -> done, follow-up', outcome('fever'), 1, { action: 'done', outcome: 'fever', followUp: 'fever' }],
    ['unclear -> follow-up', outcome('unclear'), 1, { action: 'done', outcome: 'unclear', followUp: 'unclear' }],
    ['wrong number -> follow-up', outcome('wrong_number'), 1, { action: 'done', outcome: 'wrong_number', followUp: 'wrong_number' }],
    ['refused -> done, staff follow up', outcome('refused'), 1, { action: 'done', outcome: 'refused', followUp: 'refused' }],
    ['busy at the last attempt -> unreachable', { kind: 'busy' }, 3, { action: 'done', outcome: 'unreachable', followUp: 'unreachable' }],
    ['no answer at the last attempt -> unreachable', { kind: 'no_answer' }, 3, { action: 'done', outcome: 'unreachable', followUp: 'unreachable' }],
    ['callback at the last attempt -> callback, staff follow up', outcome('callback'), 3, { action: 'done', outcome: 'callback', followUp: 'callback' }],
    ['cancelled', { kind: 'canceled' }, 1, { action: 'cancelled' }],
  ])('%s', (_name, end, attempt, expected) => {
    expect(decideAfterAttempt(end, attempt, policy)).toMatchObject(expected);
  });

  test('a fever heard before the resident hung up stands', () => {
    expect(decideAfterAttempt({ kind: 'answered', outcome: null, feverHeard: true }, 1, policy)).toMatchObject({ action: 'done', outcome: 'fever' });
    expect(decideAfterAttempt({ kind: 'answered', outcome: { label: 'refused', temperatureC: null, symptoms: [] }, feverHeard: true }, 1, policy)).toMatchObject({ outcome: 'fever' });
  });

  test('the carrier-error backoff is capped', () => {
    expect(decideAfterAttempt({ kind: 'failed' }, 2, { ...policy, maxAttempts: 10 })).toMatchObject({ afterSeconds: 120 });
    expect(decideAfterAttempt({ kind: 'failed' }, 5, { ...policy, maxAttempts: 10 })).toMatchObject({ afterSeconds: 200 });
  });

  test('timeScale scales every delay', () => {
    expect(decideAfterAttempt({ kind: 'no_answer' }, 1, { ...policy, timeScale: 0.01 })).toMatchObject({ afterSeconds: 18 });
  });
});
