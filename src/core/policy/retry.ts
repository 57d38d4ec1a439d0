/**
 * What happens to a call after an attempt ends: done with an outcome, or dialled
 * again later, or given up as unreachable. Pure: the attempt's result and the policy
 * in, a decision out.
 */
import type { DialogueOutcome } from '../dialogue/types.js';

export type FinalOutcome = 'fever' | 'no_fever' | 'unclear' | 'unreachable' | 'callback' | 'wrong_number' | 'refused';

/** How an attempt ended, from the carrier's side and the dialogue's. */
export type AttemptEnd =
  | { kind: 'busy' }
  | { kind: 'no_answer' }
  | { kind: 'failed' }
  /** We hung up or cancelled the call ourselves (round cancelled). */
  | { kind: 'canceled' }
  /** Answered; `outcome` is null when the resident hung up before the dialogue ended. */
  | { kind: 'answered'; outcome: DialogueOutcome | null; feverHeard: boolean };

export interface RetryPolicy {
  maxAttempts: number;
  busySeconds: number;
  noAnswerSeconds: number;
  voicemailSeconds: number;
  carrierErrorBaseSeconds: number;
  carrierErrorMaxSeconds: number;
  callbackDefaultSeconds: number;
  /** Multiplies every delay (1 in production; the demo compresses human time). */
  timeScale: number;
}

/** Why staff get a follow-up item (the console's reasons). */
export type FollowUpReason = 'fever' | 'unclear' | 'unreachable' | 'wrong_number' | 'refused' | 'callback';

export type CallDecision =
  | { action: 'done'; outcome: FinalOutcome; followUp: FollowUpReason | null; reason: string }
  | { action: 'retry'; afterSeconds: number; reason: string }
  | { action: 'cancelled'; reason: string };

const FOLLOW_UP: Record<FinalOutcome, FollowUpReason | null> = {
  fever: 'fever',
  unclear: 'unclear',
  unreachable: 'unreachable',
  wrong_number: 'wrong_number',
  // A household that kept asking to be called back, or refused, was never screened:
  // staff follow up (a visit, or a word from the grid worker they know).
  callback: 'callback',
  refused: 'refused',
  no_fever: null,
};

function done(outcome: FinalOutcome, reason: string): CallDecision {
  return { action: 'done', outcome, followUp: FOLLOW_UP[outcome], reason };
}

/**
 * Decides the call's next step. `attempt` is the number of the attempt that just
 * ended (1-based).
 */
export function decideAfterAttempt(end: AttemptEnd, attempt: number, policy: RetryPolicy): CallDecision {
  const d = decide(end, attempt, policy);
  return d.action === 'retry' ? { ...d, afterSeconds: d.afterSeconds * policy.timeScale } : d;
}

function decide(end: AttemptEnd, attempt: number, policy: RetryPolicy): CallDecision {
  const exhausted = attempt >= policy.maxAttempts;
  const retry = (afterSeconds: number, reason: string): CallDecision =>
    exhausted ? done('unreachable', `${reason}; ${attempt} of ${policy.maxAttempts} attempts used`) : { action: 'retry', afterSeconds, reason };

  switch (end.kind) {
    case 'canceled':
      return { action: 'cancelled', reason: 'call cancelled' };
    case 'busy':
      return retry(policy.busySeconds, 'busy');
    case 'no_answer':
      return retry(policy.noAnswerSeconds, 'no answer');
    case 'failed': {
      const backoff = Math.min(policy.carrierErrorMaxSeconds, policy.carrierErrorBaseSeconds * 2 ** Math.max(0, attempt - 1));
      return retry(backoff, 'carrier error');
    }
    case 'answered': {
      const o = end.outcome;
      // A fever heard at any point stands, even if the resident hung up before the end.
      if (end.feverHeard || o?.label === 'fever') return done('fever', 'fever reported');
      if (!o) return retry(policy.busySeconds, 'hung up before answering');
      switch (o.label) {
        case 'voicemail':
          return retry(policy.voicemailSeconds, 'voicemail');
        case 'callback':
          return exhausted ? done('callback', 'asked for a call back; no attempts left') : { action: 'retry', afterSeconds: o.callbackAfterSeconds ?? policy.callbackDefaultSeconds, reason: 'asked for a call back' };
        default:
          return done(o.label, `answered: ${o.label}`);
      }
    }
  }
}
