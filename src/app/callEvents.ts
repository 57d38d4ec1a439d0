/**
 * Use case: what happens when the carrier tells us something about a call. The HTTP
 * layer (Twilio webhooks, the simulator's too) turns requests into these calls and
 * renders the returned dialogue actions; the dialer's reconciler uses `finish` for
 * calls whose final callback never came.
 *
 * Events are applied at most once whatever the carrier retries, duplicates or
 * reorders: the answer only if none was recorded, a reply only if the attempt still
 * stands at the turn it answers, the end only if the attempt had not ended and stands
 * where the decision was made (optimistic concurrency: one conditional statement
 * each). What to decide from comes from a small in-process memory of live attempts
 * (filled by this process's dialer when it claims calls, and by the events applied
 * here); an attempt not remembered, or remembered wrongly because another server
 * applied its events, is read from the database and the event tried again.
 */
import type pg from 'pg';
import type { FinalCallStatus } from '../ports/telephony.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { ConflictError } from '../errors.js';
import { nextDialogue, startDialogue } from '../core/dialogue/index.js';
import type { DialogueAction, DialogueContext, DialogueState, DialogueTurn, Prompts } from '../core/dialogue/types.js';
import { decideAfterAttempt, type AttemptEnd, type CallDecision, type RetryPolicy } from '../core/policy/retry.js';
import {
  applyAttemptEnd,
  loadAttempt,
  loadRoundContext,
  recordAnswer,
  recordTurn,
  markMachine,
  type AttemptContext,
  type AttemptEndRecord,
  type RoundContext,
} from '../adapters/store/postgres/callRecords.js';
import { attachCallRecording } from '../adapters/store/postgres/recordings.js';

export const DIALER_CHANNEL = 'tiwen_dialer';

export interface CallEventsDeps {
  pool: pg.Pool;
  config: Config;
  logger: Logger;
  prompts: Prompts;
  /** Whether turns keep their recording reference (TIWEN_RECORDINGS); default false. */
  keepRecordings?: boolean;
  /** Called when a round's office is first seen on a claim: warm what its calls will need (TTS prompts). */
  onRound?: (officeName: string) => void;
  /**
   * Whether calls the dialer claims are remembered for their webhooks (default true).
   * A dialer-only process (`tiwen dialer`) takes no webhooks: it has nothing to remember.
   */
  rememberClaims?: boolean;
}

export interface Reply {
  text: string;
  confidence?: number | undefined;
  digits?: string | undefined;
  /** The vendor's payload, stored beside the turn. */
  raw: unknown;
  /** The carrier's recording of this answer (kept for staff when recordings are on). */
  recording?: { url: string; sid: string | null } | undefined;
}

export interface ActionsResult {
  actions: DialogueAction[];
  /** Turn number the next reply will answer (goes into the gather action URL). */
  turn: number;
}

/** How the carrier says a call ended. */
export interface CallEnd {
  providerCallId: string | null;
  status: FinalCallStatus;
  durationSeconds: number | null;
  answeredBy: string | null;
}

const HANGUP: DialogueAction[] = [{ type: 'hangup' }];

/**
 * Live attempts remembered at most: a few minutes of calls at the line limits we
 * meet. Entries leave when their attempt ends; the oldest go first past this (their
 * events then read the database, as on any other server).
 */
const MAX_REMEMBERED_ATTEMPTS = 20_000;
/**
 * Read-and-retry passes after a lost race before an event gives up. Each lost race
 * means another request changed the attempt meanwhile; the next read sees that
 * change, so two passes settle any real duplicate. More means something keeps
 * rewriting the attempt: give up with an error (the carrier retries a failed answer
 * or gather, and a missing final status is reconciled) rather than loop forever.
 */
export const MAX_RACE_PASSES = 5;

function raceLost(what: string, attemptId: number): ConflictError {
  return new ConflictError(
    `${what} for attempt ${attemptId} lost the race to another request ${MAX_RACE_PASSES} times in a row.`,
    'Another process keeps changing this attempt; check for duplicate servers replaying webhooks. The carrier retries the request, and a missing final status is reconciled after the lease.',
  );
}

/** How long a round's office name and max attempts are trusted before being read again. */
const ROUND_CONTEXT_TTL_MS = 60_000;

/** What this process knows of a live attempt: enough to apply its next event without reading it. */
interface LiveAttempt {
  attemptId: number;
  callId: number;
  roundId: number;
  callAttempts: number;
  maxAttempts: number;
  officeName: string;
  dialogue: DialogueState | null;
  turns: number;
  /** Whether any turn heard a fever; undefined when not known (remembered mid-dialogue). */
  feverHeard: boolean | undefined;
}

const heardFever = (turn: DialogueTurn | undefined) => turn?.classification?.label === 'fever';
const officeNameOf = (c: { officeName: string | null; communityName: string }) => c.officeName ?? `${c.communityName}居委会`;

/** The claimed calls the dialer tells us about (see Dialer). */
export interface ExpectedAttempt {
  attemptId: number;
  callId: number;
  /** Attempts of the call that count, this one included. */
  attemptNo: number;
}

export class CallEvents {
  private readonly live = new Map<number, LiveAttempt>();
  private readonly rounds = new Map<number, { context: RoundContext; at: number }>();

  constructor(private readonly deps: CallEventsDeps) {}

  private dialogueContext(officeName: string): DialogueContext {
    return {
      officeName,
      prompts: this.deps.prompts,
      voicemailAction: this.deps.config.dialer.voicemailAction,
      callbackDefaultSeconds: this.deps.config.retry.callbackDefaultSeconds,
    };
  }

  private remember(a: LiveAttempt): void {
    this.live.delete(a.attemptId);
    this.live.set(a.attemptId, a);
    if (this.live.size > MAX_REMEMBERED_ATTEMPTS) this.live.delete(this.live.keys().next().value!);
  }

  private fromContext(a: AttemptContext, dialogue: DialogueState | null, turns: number, feverHeard: boolean | undefined): LiveAttempt {
    return { attemptId: a.attemptId, callId: a.callId, roundId: a.roundId, callAttempts: a.callAttempts, maxAttempts: a.maxAttempts, officeName: officeNameOf(a), dialogue, turns, feverHeard };
  }

  private keptRecording(reply: Reply): { url: string; sid: string | null } | null {
    return this.deps.keepRecordings && reply.recording ? reply.recording : null;
  }

  /** Attempts remembered now (for tests and diagnostics). */
  get remembered(): number {
    return this.live.size;
  }

  /**
   * Calls the dialer just claimed in round `roundId`, before they are placed: their
   * events can then be applied without reading the attempt first.
   */
  async expect(roundId: number, attempts: readonly ExpectedAttempt[]): Promise<void> {
    if (attempts.length === 0 || this.deps.rememberClaims === false) return;
    let cached = this.rounds.get(roundId);
    if (!cached || Date.now() - cached.at > ROUND_CONTEXT_TTL_MS) {
      const context = await loadRoundContext(this.deps.pool, roundId);
      if (!context) return;
      cached = { context, at: Date.now() };
      this.deps.onRound?.(officeNameOf(context));
      for (const [id, r] of this.rounds) if (cached.at - r.at > ROUND_CONTEXT_TTL_MS) this.rounds.delete(id);
      this.rounds.set(roundId, cached);
    }
    const { maxAttempts } = cached.context;
    const officeName = officeNameOf(cached.context);
    for (const a of attempts) {
      // An event may have been applied meanwhile: what it left is newer than a fresh claim.
      if (!this.live.has(a.attemptId)) {
        this.remember({ attemptId: a.attemptId, callId: a.callId, roundId, callAttempts: a.attemptNo, maxAttempts, officeName, dialogue: null, turns: 0, feverHeard: false });
      }
    }
  }

  /** An attempt that ended without events (never placed, given back): nothing will come for it. */
  forget(attemptId: number): void {
    this.live.delete(attemptId);
  }

  /** The callee picked up: start (or, for a repeated request, repeat) the dialogue. */
  async answer(attemptId: number, providerCallId: string, answeredBy: 'human' | 'machine' | 'unknown' | null): Promise<ActionsResult> {
    const { pool } = this.deps;
    const event = { type: 'answered' as const, ...(answeredBy ? { answeredBy } : {}) };
    const known = this.live.get(attemptId);
    if (known && known.dialogue === null) {
      const step = startDialogue(event, this.dialogueContext(known.officeName));
      if (await recordAnswer(pool, attemptId, providerCallId, answeredBy, step.state)) {
        known.dialogue = step.state;
        return { actions: step.actions, turn: known.turns };
      }
    }
    this.live.delete(attemptId);
    for (let pass = 0; pass < MAX_RACE_PASSES; pass++) {
      const a = await loadAttempt(pool, attemptId);
      if (!a || a.endedAt || a.attemptStatus === 'lost') return { actions: HANGUP, turn: a?.turns ?? 0 };
      const ctx = this.dialogueContext(officeNameOf(a));
      // A repeated answer request: say where the conversation stands, change nothing.
      if (a.dialogue) return { actions: nextDialogue(a.dialogue, event, ctx).actions, turn: a.turns };
      const step = startDialogue(event, ctx);
      if (await recordAnswer(pool, attemptId, providerCallId, answeredBy, step.state)) {
        this.remember(this.fromContext(a, step.state, a.turns, a.turns === 0 ? false : undefined));
        return { actions: step.actions, turn: a.turns };
      }
      // Another request applied the answer first (or the call ended): look again.
    }
    throw raceLost('The answer', attemptId);
  }

  /**
   * A <Gather> result for turn `turn`. Applied once: a repeat of an applied turn (the
   * carrier retried) re-asks the pending question.
   */
  async reply(attemptId: number, turn: number, reply: Reply): Promise<ActionsResult> {
    const { pool } = this.deps;
    const event = { type: 'reply' as const, text: reply.text, ...(reply.confidence !== undefined ? { confidence: reply.confidence } : {}), ...(reply.digits ? { digits: reply.digits } : {}) };
    const known = this.live.get(attemptId);
    if (known?.dialogue && known.turns === turn) {
      const step = nextDialogue(known.dialogue, event, this.dialogueContext(known.officeName));
      if (await recordTurn(pool, attemptId, turn + 1, step.turn, reply.raw, step.state, this.keptRecording(reply))) {
        known.dialogue = step.state;
        known.turns = turn + 1;
        if (known.feverHeard !== undefined) known.feverHeard ||= heardFever(step.turn);
        return { actions: step.actions, turn: turn + 1 };
      }
    }
    this.live.delete(attemptId);
    for (let pass = 0; pass < MAX_RACE_PASSES; pass++) {
      const a = await loadAttempt(pool, attemptId);
      if (!a || a.endedAt || !a.dialogue) return { actions: HANGUP, turn: a?.turns ?? 0 };
      const ctx = this.dialogueContext(officeNameOf(a));
      if (turn !== a.turns) return { actions: nextDialogue(a.dialogue, { type: 'answered' }, ctx).actions, turn: a.turns };
      const step = nextDialogue(a.dialogue, event, ctx);
      if (await recordTurn(pool, attemptId, a.turns + 1, step.turn, reply.raw, step.state, this.keptRecording(reply))) {
        this.remember(this.fromContext(a, step.state, a.turns + 1, a.turns === 0 ? heardFever(step.turn) : undefined));
        return { actions: step.actions, turn: a.turns + 1 };
      }
      // A duplicate of this request won the race: the next pass re-asks the pending question.
    }
    throw raceLost('A reply', attemptId);
  }

  /**
   * Asynchronous answering-machine detection decided while the dialogue ran. A machine
   * ends the conversation as `voicemail` (retried later, like any voicemail); returns
   * true when the caller must hang the call up. A human changes nothing.
   */
  async machineDetected(attemptId: number, answeredBy: 'human' | 'machine' | 'unknown' | null): Promise<boolean> {
    if (answeredBy !== 'machine') return false;
    this.live.delete(attemptId);
    const a = await loadAttempt(this.deps.pool, attemptId);
    if (!a || a.endedAt || !a.dialogue || a.dialogue.step === 'done') return false;
    const state: DialogueState = { ...a.dialogue, step: 'done', pending: null, outcome: { label: 'voicemail', temperatureC: null, symptoms: [] } };
    return markMachine(this.deps.pool, attemptId, a.turns, state);
  }

  /** The carrier's recording of a whole call (Gather dialogues with recordings on): kept on its turns. */
  async callRecorded(attemptId: number, url: string, sid: string | null): Promise<void> {
    if (this.deps.keepRecordings) await attachCallRecording(this.deps.pool, attemptId, url, sid);
  }

  /**
   * The call ended. Applied once: the first final status wins, later ones (retries,
   * duplicates) are ignored. Returns the decision, or null if already applied.
   */
  async finish(attemptId: number, end: CallEnd): Promise<CallDecision | null> {
    const known = this.live.get(attemptId);
    this.live.delete(attemptId);
    let decision = known?.feverHeard !== undefined ? await this.end(known, known.feverHeard, end) : null;
    for (let pass = 0; !decision; pass++) {
      if (pass >= MAX_RACE_PASSES) throw raceLost('The end of the call', attemptId);
      const a = await loadAttempt(this.deps.pool, attemptId, true);
      if (!a || a.endedAt) break;
      decision = await this.end(this.fromContext(a, a.dialogue, a.turns, undefined), Boolean(a.feverHeard), end);
      // Not applied: a concurrent duplicate ended the attempt first (the next pass sees it ended).
    }
    if (decision) this.deps.logger.debug('attempt finished', { attemptId, status: end.status, decision: decision.action, reason: decision.reason });
    return decision;
  }

  /** Decides the call's next step from the attempt as `a` describes it and applies it if the attempt still stands there. */
  private async end(a: LiveAttempt, feverHeard: boolean, end: CallEnd): Promise<CallDecision | null> {
    const state = a.dialogue;
    const attemptEnd: AttemptEnd =
      end.status === 'completed' ? { kind: 'answered', outcome: state?.outcome ?? null, feverHeard } : { kind: end.status === 'no-answer' ? 'no_answer' : end.status };
    const policy: RetryPolicy = { ...this.deps.config.retry, maxAttempts: a.maxAttempts };
    const d = decideAfterAttempt(attemptEnd, a.callAttempts, policy);
    const record: AttemptEndRecord = {
      status: end.status === 'no-answer' ? 'no_answer' : end.status,
      durationSeconds: end.durationSeconds,
      answeredBy: end.answeredBy,
      providerCallId: end.providerCallId,
    };
    const target = { attemptId: a.attemptId, callId: a.callId, roundId: a.roundId, turns: a.turns, answered: state !== null };
    const applied = await applyAttemptEnd(this.deps.pool, target, record, d, state?.outcome?.temperatureC ?? state?.temperatureC ?? null, DIALER_CHANNEL);
    return applied ? d : null;
  }
}
