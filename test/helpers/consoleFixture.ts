/**
 * A community for the console tests: two grids, households (one with hostile text in
 * name, address and transcript), a finished round with attempts, turns and follow-ups,
 * and one account of each role (plus staff and a grid worker of another community).
 */
import type pg from 'pg';
import { addStaff } from '../../src/app/accounts.js';

export const XSS = `<script>alert(1)</script>"><img src=x onerror=alert(2)>`;
export const PASSWORD = 'correct-horse-1';

export interface ConsoleFixture {
  communityId: number;
  otherCommunityId: number;
  roundId: number;
  otherRoundId: number;
  grids: { a: number; b: number; other: number };
  /** Households: fever in grid A (hostile text), unclear in grid A, unreachable in grid B, other community. */
  residents: { feverA: number; unclearA: number; unreachableB: number; other: number };
  calls: { feverA: number; unclearA: number; unreachableB: number; other: number };
  followUps: { feverA: number; unclearA: number; unreachableB: number; other: number };
  turns: { unclearA: number };
}

async function one<T>(pool: pg.Pool, sql: string, values: unknown[]): Promise<T> {
  return (await pool.query(sql, values)).rows[0] as T;
}

async function household(pool: pg.Pool, communityId: number, gridId: number, roundId: number, h: { name: string; phone: string; building: string; outcome: string; reason: string; transcript: string; temperature?: number; label: string }) {
  const { id: residentId } = await one<{ id: number }>(pool, `INSERT INTO residents (community_id, grid_id, name, phone, building, unit, room, last_status, last_round_id) VALUES ($1, $2, $3, $4, $5, '1单元', '101', $6, $7) RETURNING id`, [communityId, gridId, h.name, h.phone, h.building, h.outcome, roundId]);
  const { id: callId } = await one<{ id: number }>(pool, `INSERT INTO calls (round_id, resident_id, status, attempts, outcome, temperature_c, finished_at) VALUES ($1, $2, 'done', 1, $3, $4, now()) RETURNING id`, [roundId, residentId, h.outcome, h.temperature ?? null]);
  const { id: attemptId } = await one<{ id: number }>(pool, `INSERT INTO attempts (call_id, attempt_no, provider, status, answered_by, placed_at, answered_at, ended_at, duration_s, result) VALUES ($1, 1, 'sim', 'completed', 'human', now(), now(), now(), 25, $2) RETURNING id`, [callId, h.outcome]);
  const { id: turnId } = await one<{ id: number }>(pool, `INSERT INTO turns (attempt_id, seq, prompt, prompt_text, transcript, confidence, classification) VALUES ($1, 1, 'fever_question', '请问您家里有人发烧吗?', $2, 0.62, $3) RETURNING id`, [attemptId, h.transcript, JSON.stringify({ label: h.label, rule: 'test-rule', temperatureC: h.temperature ?? null, symptoms: [], confidence: 0.9 })]);
  const { id: followUpId } = await one<{ id: number }>(pool, `INSERT INTO follow_ups (community_id, round_id, call_id, resident_id, grid_id, reason, temperature_c, transcript) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, [communityId, roundId, callId, residentId, gridId, h.reason, h.temperature ?? null, h.transcript]);
  return { residentId, callId, turnId, followUpId };
}

export async function seedConsole(pool: pg.Pool): Promise<ConsoleFixture> {
  const { id: communityId } = await one<{ id: number }>(pool, `INSERT INTO communities (name) VALUES ('幸福社区') RETURNING id`, []);
  const { id: otherCommunityId } = await one<{ id: number }>(pool, `INSERT INTO communities (name) VALUES ('和平社区') RETURNING id`, []);
  const grid = async (c: number, name: string) => (await one<{ id: number }>(pool, 'INSERT INTO grids (community_id, name) VALUES ($1, $2) RETURNING id', [c, name])).id;
  const grids = { a: await grid(communityId, '一网格'), b: await grid(communityId, '二网格'), other: await grid(otherCommunityId, '和平一网格') };
  const round = async (c: number) => (await one<{ id: number }>(pool, `INSERT INTO rounds (community_id, status, window_start, window_end, max_attempts, cps, lines, finished_at) VALUES ($1, 'completed', '00:00', '24:00', 3, 10, 10, now()) RETURNING id`, [c])).id;
  const roundId = await round(communityId);
  const otherRoundId = await round(otherCommunityId);
  const feverA = await household(pool, communityId, grids.a, roundId, { name: `张${XSS}`, phone: '+8613800000001', building: `3号楼${XSS}`, outcome: 'fever', reason: 'fever', transcript: `有人发烧三十八度五 ${XSS}`, temperature: 38.5, label: 'fever' });
  const unclearA = await household(pool, communityId, grids.a, roundId, { name: '李四', phone: '+8613800000002', building: '5号楼', outcome: 'unclear', reason: 'unclear', transcript: '没有', label: 'unclear' });
  const unreachableB = await household(pool, communityId, grids.b, roundId, { name: '王五', phone: '+8613800000003', building: '7号楼', outcome: 'unreachable', reason: 'unreachable', transcript: '', label: 'unclear' });
  const other = await household(pool, otherCommunityId, grids.other, otherRoundId, { name: '赵六', phone: '+8613900000004', building: '1号楼', outcome: 'fever', reason: 'fever', transcript: '发烧', temperature: 39, label: 'fever' });
  await addStaff(pool, { username: 'admin', role: 'admin', password: PASSWORD });
  await addStaff(pool, { username: 'office', role: 'staff', password: PASSWORD, communities: ['幸福社区'], displayName: '社区小陈' });
  await addStaff(pool, { username: 'office2', role: 'staff', password: PASSWORD, communities: ['和平社区'] });
  await addStaff(pool, { username: 'gw_a', role: 'grid_worker', password: PASSWORD, communities: ['幸福社区'], grids: ['一网格'], displayName: '网格员小王' });
  await addStaff(pool, { username: 'gw_b', role: 'grid_worker', password: PASSWORD, communities: ['幸福社区'], grids: ['二网格'] });
  return {
    communityId,
    otherCommunityId,
    roundId,
    otherRoundId,
    grids,
    residents: { feverA: feverA.residentId, unclearA: unclearA.residentId, unreachableB: unreachableB.residentId, other: other.residentId },
    calls: { feverA: feverA.callId, unclearA: unclearA.callId, unreachableB: unreachableB.callId, other: other.callId },
    followUps: { feverA: feverA.followUpId, unclearA: unclearA.followUpId, unreachableB: unreachableB.followUpId, other: other.followUpId },
    turns: { unclearA: unclearA.turnId },
  };
}
