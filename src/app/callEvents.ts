/**
 * Use case: what happens when the carrier tells us something about a call. The HTTP
 * layer (Twilio webhooks, the simulator's too) turns requests into these calls and
 * renders the returned dialogue actions; the dialer's reconciler uses `finish` for
 * calls whose final callback never came.
 *
 * Every event is one transaction that locks the attempt row, so the carrier's retries,
 * duplicates and reordering change nothing once an event has been applied.
 */
import type pg from 'pg';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { nextDialogue, startDialogue } from '../core/dialogue/index.js';
import type { DialogueAction, DialogueContext, DialogueState, Prompts } from '../core/dialogue/types.js';
import { decideAfterAttempt, type AttemptEnd, type CallDecision, type RetryPolicy } from '../core/policy/retry.js';
import { withTransaction } from '../adapters/store/postgres/database.js';
import {
  applyAttemptEnd,
  feverHeard,
  loadAttempt,
  recordAnswer,
  recordProgress,
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

export type ProgressStatus = 'queued' | 'initiated' | 'ringing' | 'in-progress';
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
    return withTransaction(this.deps.pool, async (tx) => {
      const a = await loadAttempt(tx, attemptId, true);
      if (!a || a.endedAt || a.attemptStatus === 'lost') return { actions: HANGUP, turn: a?.turns ?? 0 };
      const ctx = this.dialogueContext(a);
      const event = { type: 'answered' as const, ...(answeredBy ? { answeredBy } : {}) };
      const step = a.dialogue ? nextDialogue(a.dialogue, event, ctx) : startDialogue(event, ctx);
      await recordAnswer(tx, attemptId, providerCallId, answeredBy, step.state);
      return { actions: step.actions, turn: a.turns };
    });
  }

  /** A <Gather> result for turn `turn`. A repeat of an applied turn re-asks the pending question. */
  async reply(attemptId: number, turn: number, reply: Reply): Promise<ActionsResult> {
    return withTransaction(this.deps.pool, async (tx) => {
      const a = await loadAttempt(tx, attemptId, true);
      if (!a || a.endedAt || !a.dialogue) return { actions: HANGUP, turn: a?.turns ?? 0 };
      const ctx = this.dialogueContext(a);
      if (turn !== a.turns) {
        // Duplicate or stale request: the turn was applied already. Say where we are.
        const again = nextDialogue(a.dialogue, { type: 'answered' }, ctx);
        return { actions: again.actions, turn: a.turns };
      }
      const event = { type: 'reply' as const, text: reply.text, ...(reply.confidence !== undefined ? { confidence: reply.confidence } : {}), ...(reply.digits ? { digits: reply.digits } : {}) };
      const step = nextDialogue(a.dialogue, event, ctx);
      await recordTurn(tx, attemptId, a.turns + 1, step.turn, reply.raw, step.state);
      return { actions: step.actions, turn: a.turns + 1 };
    });
  }

  /** Carrier progress before the end; only ever moves an attempt forward. */
  async progress(attemptId: number, providerCallId: string, status: ProgressStatus): Promise<void> {
    const mapped = status === 'in-progress' ? 'in_progress' : status === 'ringing' ? 'ringing' : 'queued';
    await recordProgress(this.deps.pool, attemptId, mapped, providerCallId);
  }

  /**
   * The call ended. Applied once: the first final status wins, later ones (retries,
   * duplicates) are ignored. Returns the decision, or null if already applied.
   */
  async finish(attemptId: number, end: { providerCallId: string | null; status: EndStatus; durationSeconds: number | null; answeredBy: string | null }): Promise<CallDecision | null> {
    const decision = await withTransaction(this.deps.pool, async (tx) => {
      const a = await loadAttempt(tx, attemptId, true);
      if (!a || a.endedAt) return null;
      const state: DialogueState | null = a.dialogue;
      const attemptEnd: AttemptEnd =
        end.status === 'completed'
          ? { kind: 'answered', outcome: state?.outcome ?? null, feverHeard: await feverHeard(tx, attemptId) }
          : { kind: end.status === 'no-answer' ? 'no_answer' : end.status };
      const policy: RetryPolicy = { ...this.deps.config.retry, maxAttempts: a.maxAttempts };
      const d = decideAfterAttempt(attemptEnd, a.callAttempts, policy);
      const record: AttemptEndRecord = {
        status: end.status === 'no-answer' ? 'no_answer' : end.status,
        durationSeconds: end.durationSeconds,
        answeredBy: end.answeredBy,
        providerCallId: end.providerCallId,
      };
      await applyAttemptEnd(tx, a, record, d, state?.outcome?.temperatureC ?? state?.temperatureC ?? null);
      await tx.query('SELECT pg_notify($1, $2)', [DIALER_CHANNEL, String(a.roundId)]);
      return d;
    });
    if (decision) this.deps.logger.debug('attempt finished', { attemptId, status: end.status, decision: decision.action, reason: decision.reason });
    return decision;
  }
}
