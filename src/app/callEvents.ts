/**
 * Use case: what happens when the carrier tells us something about a call. The HTTP
 * layer (Twilio webhooks, the simulator's too) turns requests into these calls and
 * renders the returned dialogue actions; the dialer's reconciler uses `finish` for
 * calls whose final callback never came.
 *
 * Events are applied at most once whatever the carrier retries, duplicates or
 * reorders: the answer only if none was recorded, a reply only if the attempt still
 * stands at the turn it answers, the end only if the attempt had not ended (optimistic
 * concurrency: one read, then one conditional statement each).
 */
import type pg from 'pg';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { nextDialogue, startDialogue } from '../core/dialogue/index.js';
import type { DialogueAction, DialogueContext, DialogueState, Prompts } from '../core/dialogue/types.js';
import { decideAfterAttempt, type AttemptEnd, type CallDecision, type RetryPolicy } from '../core/policy/retry.js';
import {
  applyAttemptEnd,
  loadAttempt,
  recordAnswer,
  recordTurn,
  type AttemptContext,
  type AttemptEndRecord,
} from '../adapters/store/postgres/callRecords.js';

export const DIALER_CHANNEL = 'tiwen_dialer';

export interface CallEventsDeps {
  pool: pg.Pool;
  config: Config;
  logger: Logger;
  prompts: Prompts;
}

export interface Reply {
  text: string;
  confidence?: number | undefined;
  digits?: string | undefined;
  /** The vendor's payload, stored beside the turn. */
  raw: unknown;
}

export interface ActionsResult {
  actions: DialogueAction[];
  /** Turn number the next reply will answer (goes into the gather action URL). */
  turn: number;
}

export type EndStatus = 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';

const HANGUP: DialogueAction[] = [{ type: 'hangup' }];

export class CallEvents {
  constructor(private readonly deps: CallEventsDeps) {}

  private dialogueContext(a: AttemptContext): DialogueContext {
    return {
      officeName: a.officeName ?? `${a.communityName}居委会`,
      prompts: this.deps.prompts,
      voicemailAction: this.deps.config.dialer.voicemailAction,
      callbackDefaultSeconds: this.deps.config.retry.callbackDefaultSeconds,
    };
  }

  /** The callee picked up: start (or, for a repeated request, repeat) the dialogue. */
  async answer(attemptId: number, providerCallId: string, answeredBy: 'human' | 'machine' | 'unknown' | null): Promise<ActionsResult> {
    const { pool } = this.deps;
    for (;;) {
      const a = await loadAttempt(pool, attemptId);
      if (!a || a.endedAt || a.attemptStatus === 'lost') return { actions: HANGUP, turn: a?.turns ?? 0 };
      const ctx = this.dialogueContext(a);
      const event = { type: 'answered' as const, ...(answeredBy ? { answeredBy } : {}) };
      // A repeated answer request: say where the conversation stands, change nothing.
      if (a.dialogue) return { actions: nextDialogue(a.dialogue, event, ctx).actions, turn: a.turns };
      const step = startDialogue(event, ctx);
      if (await recordAnswer(pool, attemptId, providerCallId, answeredBy, step.state)) return { actions: step.actions, turn: a.turns };
      // Another request applied the answer first (or the call ended): look again.
    }
  }

  /**
   * A <Gather> result for turn `turn`. Applied once: a repeat of an applied turn (the
   * carrier retried) re-asks the pending question.
   */
  async reply(attemptId: number, turn: number, reply: Reply): Promise<ActionsResult> {
    const { pool } = this.deps;
    for (;;) {
      const a = await loadAttempt(pool, attemptId);
      if (!a || a.endedAt || !a.dialogue) return { actions: HANGUP, turn: a?.turns ?? 0 };
      const ctx = this.dialogueContext(a);
      if (turn !== a.turns) return { actions: nextDialogue(a.dialogue, { type: 'answered' }, ctx).actions, turn: a.turns };
      const event = { type: 'reply' as const, text: reply.text, ...(reply.confidence !== undefined ? { confidence: reply.confidence } : {}), ...(reply.digits ? { digits: reply.digits } : {}) };
      const step = nextDialogue(a.dialogue, event, ctx);
      if (await recordTurn(pool, attemptId, a.turns + 1, step.turn, reply.raw, step.state)) return { actions: step.actions, turn: a.turns + 1 };
      // A duplicate of this request won the race: the next pass re-asks the pending question.
    }
  }

  /**
   * The call ended. Applied once: the first final status wins, later ones (retries,
   * duplicates) are ignored. Returns the decision, or null if already applied.
   */
  async finish(attemptId: number, end: { providerCallId: string | null; status: EndStatus; durationSeconds: number | null; answeredBy: string | null }): Promise<CallDecision | null> {
    let decision: CallDecision | null = null;
    for (;;) {
      const a = await loadAttempt(this.deps.pool, attemptId, true);
      if (!a || a.endedAt) break;
      const state: DialogueState | null = a.dialogue;
      const attemptEnd: AttemptEnd =
        end.status === 'completed'
          ? { kind: 'answered', outcome: state?.outcome ?? null, feverHeard: Boolean(a.feverHeard) }
          : { kind: end.status === 'no-answer' ? 'no_answer' : end.status };
      const policy: RetryPolicy = { ...this.deps.config.retry, maxAttempts: a.maxAttempts };
      const d = decideAfterAttempt(attemptEnd, a.callAttempts, policy);
      const record: AttemptEndRecord = {
        status: end.status === 'no-answer' ? 'no_answer' : end.status,
        durationSeconds: end.durationSeconds,
        answeredBy: end.answeredBy,
        providerCallId: end.providerCallId,
      };
      if (await applyAttemptEnd(this.deps.pool, a, record, d, state?.outcome?.temperatureC ?? state?.temperatureC ?? null, DIALER_CHANNEL)) {
        decision = d;
        break;
      }
      // A concurrent duplicate ended the attempt first: the next pass sees it ended.
    }
    if (decision) this.deps.logger.debug('attempt finished', { attemptId, status: end.status, decision: decision.action, reason: decision.reason });
    return decision;
  }
}
