/**
 * Use cases of the follow-up workflow: open → assigned (to a grid worker, with a due
 * time) → visited (with a result) → closed, and reopened. Every change is one
 * transaction with its audit line (who, when, note).
 */
import type pg from 'pg';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../errors.js';
import { withTransaction } from '../adapters/store/postgres/database.js';
import { audit } from '../adapters/store/postgres/audit.js';
import {
  assignOpenOfGrid,
  countFollowUps,
  followUpHistory,
  followUpPlace,
  getFollowUp,
  queryFollowUps,
  updateFollowUp,
  type FollowUpFilter,
  type FollowUpItem,
} from '../adapters/store/postgres/followUpWork.js';
import { findStaffById, gridWorkers } from '../adapters/store/postgres/staff.js';
import { gridPlace, roundCommunity } from '../adapters/store/postgres/dashboard.js';
import type { Scope } from './accounts.js';
import { checkPlace, maySee, scopeIds } from './scope.js';

export const REASONS = ['fever', 'unclear', 'unreachable', 'wrong_number', 'refused', 'callback'] as const;
export const STATUSES = ['open', 'assigned', 'visited', 'closed'] as const;
export const VISIT_RESULTS = ['fever_referred', 'false_alarm', 'nobody_home', 'moved_away', 'number_corrected'] as const;
const PAGE_MAX = 200;

export interface ListInput extends FollowUpFilter {
  page?: number;
  perPage?: number;
}

export interface FollowUpPage {
  items: FollowUpItem[];
  total: number;
  byStatus: Record<string, number>;
  page: number;
  perPage: number;
  pages: number;
}

function checkFilter(f: FollowUpFilter): void {
  if (f.reason && !(REASONS as readonly string[]).includes(f.reason)) throw new InputError(`未知的原因“${f.reason}”。`, `可用:${REASONS.join(', ')}。`);
  if (f.status && !(STATUSES as readonly string[]).includes(f.status)) throw new InputError(`未知的状态“${f.status}”。`, `可用:${STATUSES.join(', ')}。`);
  if (f.date && !/^\d{4}-\d{2}-\d{2}$/.test(f.date)) throw new InputError(`日期“${f.date}”格式不对。`, '请写成 YYYY-MM-DD,例如 2026-12-01。');
}

/** A filter naming another community's round or another grid is refused (403), not answered empty. */
async function checkFilterScope(pool: pg.Pool, scope: Scope, f: FollowUpFilter): Promise<void> {
  if (f.gridId) checkPlace(scope, await gridPlace(pool, f.gridId), `网格 ${f.gridId}`);
  if (f.roundId) {
    const round = await roundCommunity(pool, f.roundId);
    if (!round) throw new NotFoundError(`第 ${f.roundId} 轮不存在。`);
    if (scope.communityIds !== 'all' && !scope.communityIds.includes(round.community_id)) throw new ForbiddenError(`第 ${f.roundId} 轮属于其他社区。`);
  }
}

/** One page of the follow-ups the account may see, with the total and per-status counts. */
export async function listFollowUpPage(pool: pg.Pool, scope: Scope, input: ListInput): Promise<FollowUpPage> {
  checkFilter(input);
  await checkFilterScope(pool, scope, input);
  const perPage = Math.min(Math.max(1, Math.trunc(input.perPage ?? 50)), PAGE_MAX);
  const counts = await countFollowUps(pool, scopeIds(scope), input);
  const pages = Math.max(1, Math.ceil(counts.total / perPage));
  const page = Math.min(Math.max(1, Math.trunc(input.page ?? 1)), pages);
  const items = await queryFollowUps(pool, scopeIds(scope), input, { limit: perPage, offset: (page - 1) * perPage });
  return { items, total: counts.total, byStatus: counts.byStatus, page, perPage, pages };
}

/** Every matching item (for exports), in list order. */
export async function allFollowUps(pool: pg.Pool, scope: Scope, f: FollowUpFilter): Promise<FollowUpItem[]> {
  checkFilter(f);
  await checkFilterScope(pool, scope, f);
  return queryFollowUps(pool, scopeIds(scope), f, { limit: 1_000_000, offset: 0 });
}

async function lockedItem(tx: pg.PoolClient, scope: Scope, id: number): Promise<FollowUpItem> {
  checkPlace(scope, await followUpPlace(tx, id), `事项 ${id}`);
  return (await getFollowUp(tx, scopeIds(scope), id, true))!;
}

async function assigneeFor(tx: pg.PoolClient, item: { community_id: number; grid_id: number | null }, assigneeId: number) {
  const u = await findStaffById(tx, assigneeId);
  if (!u || u.disabled) throw new InputError(`账号 ${assigneeId} 不存在或已停用。`, '请从列出的网格员中选择。');
  const place = { community_id: item.community_id, grid_id: item.grid_id };
  if (u.role === 'grid_worker' ? !(item.grid_id !== null && u.grid_ids.includes(item.grid_id)) : u.role === 'staff' && !u.community_ids.includes(place.community_id)) {
    throw new InputError(`${u.username} 不负责该住户所在的${u.role === 'grid_worker' ? '网格' : '社区'}。`, '请分派给该网格的网格员。');
  }
  return u;
}

function parseDue(due: string | undefined | null): Date | null {
  if (!due) return null;
  const d = new Date(due);
  if (Number.isNaN(d.getTime())) throw new InputError(`完成期限“${due}”不是有效时间。`, '请用日期选择器,或写成 2026-12-02T18:00。');
  return d;
}

/** Assigns one item (open, assigned or visited) to an account, with an optional due time. */
export async function assignFollowUp(pool: pg.Pool, scope: Scope, id: number, o: { assigneeId: number; due?: string | null; note?: string }): Promise<void> {
  if (scope.role === 'grid_worker') throw new ForbiddenError('网格员不能分派事项。', '由社区工作人员分派。');
  const dueAt = parseDue(o.due);
  await withTransaction(pool, async (tx) => {
    const item = await lockedItem(tx, scope, id);
    if (item.status === 'closed') throw new ConflictError(`事项 ${id} 已关闭。`, '请先重新打开。');
    const u = await assigneeFor(tx, item, o.assigneeId);
    await updateFollowUp(tx, id, { status: 'assigned', assigneeId: u.id, dueAt, note: o.note || null });
    await audit(tx, { actor: scope.username, action: 'follow_up.assign', entity: 'follow_up', entityId: id, detail: { from: item.status, assignee: u.username, dueAt: dueAt?.toISOString() ?? null, note: o.note ?? '' } });
  });
}

/** Records a door visit or call by a grid worker (or staff). */
export async function recordVisit(pool: pg.Pool, scope: Scope, id: number, o: { result: string; note?: string }): Promise<void> {
  if (!(VISIT_RESULTS as readonly string[]).includes(o.result)) throw new InputError(`请选择走访结果(收到“${o.result}”)。`, `可用:${VISIT_RESULTS.join(', ')}。`);
  await withTransaction(pool, async (tx) => {
    const item = await lockedItem(tx, scope, id);
    if (item.status === 'closed') throw new ConflictError(`事项 ${id} 已关闭。`, '请先重新打开。');
    await updateFollowUp(tx, id, { status: 'visited', visitResult: o.result, note: o.note || null });
    await audit(tx, { actor: scope.username, action: 'follow_up.visit', entity: 'follow_up', entityId: id, detail: { from: item.status, result: o.result, note: o.note ?? '' } });
  });
}

export async function closeFollowUp(pool: pg.Pool, scope: Scope, id: number, note?: string): Promise<void> {
  await withTransaction(pool, async (tx) => {
    const item = await lockedItem(tx, scope, id);
    if (item.status === 'closed') throw new ConflictError(`事项 ${id} 已经关闭。`);
    await updateFollowUp(tx, id, { status: 'closed', note: note || null });
    await audit(tx, { actor: scope.username, action: 'follow_up.close', entity: 'follow_up', entityId: id, detail: { from: item.status, note: note ?? '' } });
  });
}

export async function reopenFollowUp(pool: pg.Pool, scope: Scope, id: number, note?: string): Promise<void> {
  await withTransaction(pool, async (tx) => {
    const item = await lockedItem(tx, scope, id);
    if (item.status !== 'closed' && item.status !== 'visited') throw new ConflictError(`事项 ${id} 尚未走访或关闭,无需重新打开。`);
    await updateFollowUp(tx, id, { status: 'open', assigneeId: null, dueAt: null, visitResult: null, note: note || null });
    await audit(tx, { actor: scope.username, action: 'follow_up.reopen', entity: 'follow_up', entityId: id, detail: { from: item.status, note: note ?? '' } });
  });
}

/** All open items of a grid (optionally one round) to that grid's worker, in one transaction. */
export async function bulkAssignGrid(pool: pg.Pool, scope: Scope, o: { gridId: number; communityId: number; assigneeId?: number; due?: string | null; roundId?: number }): Promise<{ assigned: number; assignee: string }> {
  if (scope.role === 'grid_worker') throw new ForbiddenError('网格员不能分派事项。', '由社区工作人员分派。');
  if (!maySee(scope, { community_id: o.communityId, grid_id: o.gridId })) throw new ForbiddenError('该网格不在您负责的社区内。');
  const dueAt = parseDue(o.due);
  return withTransaction(pool, async (tx) => {
    const workers = await gridWorkers(tx, [o.gridId]);
    const worker = o.assigneeId ? workers.find((w) => w.id === o.assigneeId) : workers.length === 1 ? workers[0] : undefined;
    if (!worker) {
      throw new InputError(
        workers.length ? '该网格有多名网格员。' : '该网格还没有网格员账号。',
        workers.length ? '请选择其中一位。' : '管理员可用以下命令创建: tiwen staff add --role grid_worker --community NAME --grid G --username NAME --password-stdin',
      );
    }
    const ids = await assignOpenOfGrid(tx, scopeIds(scope), o.gridId, worker.id, dueAt, o.roundId);
    for (const id of ids) await audit(tx, { actor: scope.username, action: 'follow_up.assign', entity: 'follow_up', entityId: id, detail: { from: 'open', assignee: worker.username, dueAt: dueAt?.toISOString() ?? null, bulk: true } });
    return { assigned: ids.length, assignee: worker.username };
  });
}

/** The grid workers who may take an item of these grids. */
export async function assignableWorkers(pool: pg.Pool, gridIds: number[]) {
  return gridWorkers(pool, gridIds);
}

export async function followUpDetail(pool: pg.Pool, scope: Scope, id: number) {
  checkPlace(scope, await followUpPlace(pool, id), `事项 ${id}`);
  return { item: (await getFollowUp(pool, scopeIds(scope), id))!, history: await followUpHistory(pool, id) };
}
