/**
 * Use cases of the household page: everything known about one household, and what
 * staff do about it: correct a result (kept with the robot's original
 * classification), call again now, do-not-call, fix the phone number.
 */
import type pg from 'pg';
import { ConflictError, InputError, NotFoundError } from '../errors.js';
import { normalisePhone } from '../core/register/phone.js';
import { withTransaction } from '../adapters/store/postgres/database.js';
import { audit } from '../adapters/store/postgres/audit.js';
import {
  callTurns,
  getCall,
  getHousehold,
  householdAttempts,
  householdCalls,
  householdFollowUps,
  householdHistory,
  householdTurns,
  insertCorrection,
  reopenRound,
  requeueCall,
  setCallOutcome,
  setResidentDoNotCall,
  setResidentPhone,
  turnPlace,
} from '../adapters/store/postgres/households.js';
import { maskPhone } from '../util/mask.js';
import type { Scope } from './accounts.js';
import { checkPlace, requireOffice } from './scope.js';

export const OUTCOMES = ['fever', 'no_fever', 'unclear', 'unreachable', 'callback', 'wrong_number', 'refused'] as const;

async function householdOrFail(db: pg.Pool | pg.PoolClient, scope: Scope, id: number) {
  return checkPlace(scope, await getHousehold(db, id), `Household ${id}`);
}

export async function householdView(pool: pg.Pool, scope: Scope, id: number) {
  const household = await householdOrFail(pool, scope, id);
  const [calls, attempts, turns, followUps] = await Promise.all([householdCalls(pool, id), householdAttempts(pool, id), householdTurns(pool, id), householdFollowUps(pool, id)]);
  const history = await householdHistory(pool, id, followUps.map((f) => f.id));
  return { household, calls, attempts, turns, followUps, history };
}

/**
 * Staff heard something else than the robot: sets the call's outcome (and the
 * register's status when it is the household's latest round), keeping the original
 * outcome and the classified turns beside the correction.
 */
export async function correctResult(pool: pg.Pool, scope: Scope, callId: number, o: { outcome: string; temperatureC?: number | null; note?: string }): Promise<{ correctionId: number }> {
  requireOffice(scope);
  if (!(OUTCOMES as readonly string[]).includes(o.outcome)) throw new InputError(`Unknown result "${o.outcome}".`, `Use one of: ${OUTCOMES.join(', ')}.`);
  const t = o.temperatureC ?? null;
  if (t !== null && (!Number.isFinite(t) || t < 34 || t > 43)) throw new InputError(`Temperature ${t} ℃ is not plausible.`, 'Give the temperature in ℃ between 34 and 43, or leave it empty.');
  if (t !== null && o.outcome !== 'fever') throw new InputError('A temperature only goes with the result fever.', 'Leave the temperature empty, or choose 发烧.');
  return withTransaction(pool, async (tx) => {
    const call = await getCall(tx, callId, true);
    if (!call) throw new NotFoundError(`Call ${callId} does not exist.`);
    await householdOrFail(tx, scope, call.resident_id);
    if (call.status !== 'done') throw new ConflictError(`Call ${callId} has no result yet (${call.status}).`, 'Correct it once the call is finished.');
    const turns = await callTurns(tx, callId);
    await setCallOutcome(tx, callId, o.outcome, t);
    const correctionId = await insertCorrection(tx, {
      callId,
      roundId: call.round_id,
      residentId: call.resident_id,
      communityId: call.community_id,
      originalOutcome: call.outcome,
      originalTemperatureC: call.temperature_c,
      outcome: o.outcome,
      temperatureC: t,
      turns: turns.map((x) => ({ prompt: x.prompt, transcript: x.transcript, confidence: x.confidence, digits: x.digits, classification: x.classification })),
      note: o.note ?? '',
      actor: scope.username,
    });
    await audit(tx, { actor: scope.username, action: 'call.correct', entity: 'resident', entityId: call.resident_id, detail: { callId, round: call.round_id, from: call.outcome, to: o.outcome, temperatureC: t, note: o.note ?? '' } });
    return { correctionId };
  });
}

/**
 * Queues one new attempt for the household within its round's rules: the round's
 * calling window, pacing and lines still apply (the dialer decides when). A finished
 * round runs again for it; a cancelled one refuses.
 */
export async function callAgainNow(pool: pg.Pool, scope: Scope, callId: number): Promise<{ roundId: number }> {
  requireOffice(scope);
  return withTransaction(pool, async (tx) => {
    const call = await getCall(tx, callId, true);
    if (!call) throw new NotFoundError(`Call ${callId} does not exist.`);
    const household = await householdOrFail(tx, scope, call.resident_id);
    if (household.do_not_call) throw new ConflictError('This household is marked do-not-call.', 'Clear the do-not-call mark first.');
    if (call.round_status === 'cancelled') throw new ConflictError(`Round ${call.round_id} was cancelled.`, 'Create a new round to call this household again.');
    if (call.status === 'dialing' || call.status === 'in_progress') throw new ConflictError('This household is being called right now.');
    await requeueCall(tx, callId);
    if (call.round_status === 'completed') await reopenRound(tx, call.round_id);
    await audit(tx, { actor: scope.username, action: 'call.again', entity: 'resident', entityId: call.resident_id, detail: { callId, round: call.round_id, previous: call.outcome } });
    return { roundId: call.round_id };
  });
}

export async function setHouseholdDoNotCall(pool: pg.Pool, scope: Scope, id: number, value: boolean): Promise<void> {
  await withTransaction(pool, async (tx) => {
    await householdOrFail(tx, scope, id);
    await setResidentDoNotCall(tx, id, value);
    await audit(tx, { actor: scope.username, action: value ? 'residents.dnc' : 'residents.dnc_off', entity: 'resident', entityId: id });
  });
}

export async function fixPhone(pool: pg.Pool, scope: Scope, id: number, raw: string): Promise<{ phone: string }> {
  const p = normalisePhone(raw);
  if (!p.ok) throw new InputError(`Cannot use phone number: ${p.reason}.`, 'Give an 11-digit mobile or a landline with area code.');
  return withTransaction(pool, async (tx) => {
    const h = await householdOrFail(tx, scope, id);
    if (!(await setResidentPhone(tx, id, p.e164))) throw new ConflictError(`Another household of ${h.community} already has ${maskPhone(p.e164)}.`, 'Check the number; one household = one dialable number.');
    await audit(tx, { actor: scope.username, action: 'residents.phone', entity: 'resident', entityId: id, detail: { from: maskPhone(h.phone), to: maskPhone(p.e164) } });
    return { phone: p.e164 };
  });
}

/** Where a turn's recording may be heard from: checks the scope and audits the access. */
export async function recordingAccess(pool: pg.Pool, scope: Scope, turnId: number): Promise<void> {
  const place = checkPlace(scope, await turnPlace(pool, turnId), `Turn ${turnId}`);
  await audit(pool, { actor: scope.username, action: 'recording.listen', entity: 'resident', entityId: place.resident_id, detail: { turnId } });
}
