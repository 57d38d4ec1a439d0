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
  return checkPlace(scope, await getHousehold(db, id), `住户 ${id}`);
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
  if (!(OUTCOMES as readonly string[]).includes(o.outcome)) throw new InputError(`未知的结果“${o.outcome}”。`, `可用:${OUTCOMES.join(', ')}。`);
  const t = o.temperatureC ?? null;
  if (t !== null && (!Number.isFinite(t) || t < 34 || t > 43)) throw new InputError(`体温 ${t} ℃ 不合理。`, '请填写 34 到 43 之间的体温(℃),或留空。');
  if (t !== null && o.outcome !== 'fever') throw new InputError('只有结果为“发烧”时才能填写体温。', '请留空体温,或选择“发烧”。');
  return withTransaction(pool, async (tx) => {
    const call = await getCall(tx, callId, true);
    if (!call) throw new NotFoundError(`通话 ${callId} 不存在。`);
    await householdOrFail(tx, scope, call.resident_id);
    if (call.status !== 'done') throw new ConflictError(`通话 ${callId} 还没有结果。`, '请在通话结束后再更正。');
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
    if (!call) throw new NotFoundError(`通话 ${callId} 不存在。`);
    const household = await householdOrFail(tx, scope, call.resident_id);
    if (household.do_not_call) throw new ConflictError('该住户已设为免打扰。', '请先取消免打扰。');
    if (call.round_status === 'cancelled') throw new ConflictError(`第 ${call.round_id} 轮已取消。`, '请创建新的一轮来重拨该住户。');
    if (call.status === 'dialing' || call.status === 'in_progress') throw new ConflictError('正在拨打该住户,请稍后再试。');
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
  if (!p.ok) throw new InputError(`号码无法使用:${p.reason}。`, '请填写 11 位手机号,或带区号的固定电话。');
  return withTransaction(pool, async (tx) => {
    const h = await householdOrFail(tx, scope, id);
    if (!(await setResidentPhone(tx, id, p.e164))) throw new ConflictError(`${h.community}已有其他住户使用号码 ${maskPhone(p.e164)}。`, '请核对号码:一户对应一个号码。');
    await audit(tx, { actor: scope.username, action: 'residents.phone', entity: 'resident', entityId: id, detail: { from: maskPhone(h.phone), to: maskPhone(p.e164) } });
    return { phone: p.e164 };
  });
}

/** Where a turn's recording may be heard from: checks the scope and audits the access. */
export async function recordingAccess(pool: pg.Pool, scope: Scope, turnId: number): Promise<void> {
  const place = checkPlace(scope, await turnPlace(pool, turnId), `对话 ${turnId}`);
  await audit(pool, { actor: scope.username, action: 'recording.listen', entity: 'resident', entityId: place.resident_id, detail: { turnId } });
}
