/**
 * The staff side of follow-ups: filtered, paged lists with counts, and the life-cycle
 * updates (assign, visit, close, reopen). Every query takes the caller's scope as
 * community and grid id lists (null = no limit), so nothing outside it is read or written.
 */
import type { Executor } from './database.js';

export interface ScopeIds {
  communityIds: number[] | null;
  gridIds: number[] | null;
}

export interface FollowUpFilter {
  roundId?: number;
  reason?: string;
  status?: string;
  gridId?: number;
  /** A calendar day (YYYY-MM-DD) in the community's time zone. */
  date?: string;
  /** Name or building contains it, or the phone number ends with it. */
  q?: string;
}

export interface FollowUpItem {
  id: number;
  round_id: number;
  call_id: number;
  resident_id: number;
  community_id: number;
  community: string;
  grid_id: number | null;
  grid: string | null;
  reason: string;
  status: string;
  temperature_c: number | null;
  transcript: string;
  note: string | null;
  assignee_id: number | null;
  assignee: string | null;
  due_at: Date | null;
  visit_result: string | null;
  created_at: Date;
  updated_at: Date;
  name: string;
  phone: string;
  building: string;
  unit: string;
  room: string;
}

function where(scope: ScopeIds, f: FollowUpFilter): { sql: string; values: unknown[] } {
  const values: unknown[] = [];
  const parts: string[] = [];
  const add = (sql: string, v: unknown) => {
    values.push(v);
    parts.push(sql.replace('?', `$${values.length}`));
  };
  if (scope.communityIds) add('f.community_id = ANY(?)', scope.communityIds);
  if (scope.gridIds) add('f.grid_id = ANY(?)', scope.gridIds);
  if (f.roundId) add('f.round_id = ?', f.roundId);
  if (f.reason) add('f.reason = ?', f.reason);
  if (f.status) add('f.status = ?', f.status);
  if (f.gridId) add('f.grid_id = ?', f.gridId);
  if (f.date) add('(f.created_at AT TIME ZONE c.timezone)::date = ?::date', f.date);
  if (f.q) {
    const digits = f.q.replace(/\D/g, '');
    values.push(`%${f.q.replace(/[\\%_]/g, (m) => '\\' + m)}%`);
    const like = `$${values.length}`;
    let phone = '';
    if (digits.length >= 3 && digits === f.q.trim()) {
      values.push(`%${digits}`);
      phone = ` OR res.phone LIKE $${values.length}`;
    }
    parts.push(`(res.name ILIKE ${like} OR res.building ILIKE ${like} OR concat_ws(' ', res.building, res.unit, res.room) ILIKE ${like}${phone})`);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', values };
}

const FROM = `FROM follow_ups f
  JOIN residents res ON res.id = f.resident_id
  JOIN communities c ON c.id = f.community_id
  LEFT JOIN grids g ON g.id = f.grid_id
  LEFT JOIN staff_users u ON u.id = f.assignee_id`;

const COLUMNS = `f.id, f.round_id, f.call_id, f.resident_id, f.community_id, c.name AS community, f.grid_id, g.name AS grid,
  f.reason, f.status, f.temperature_c, f.transcript, f.note, f.assignee_id, coalesce(nullif(u.display_name, ''), u.username) AS assignee,
  f.due_at, f.visit_result, f.created_at, f.updated_at, res.name, res.phone, res.building, res.unit, res.room`;

/** Fevers first, then by temperature, then oldest first. */
const ORDER = `ORDER BY CASE f.reason WHEN 'fever' THEN 0 WHEN 'wrong_number' THEN 2 ELSE 1 END, f.temperature_c DESC NULLS LAST, f.id`;

export async function queryFollowUps(db: Executor, scope: ScopeIds, f: FollowUpFilter, page: { limit: number; offset: number }): Promise<FollowUpItem[]> {
  const w = where(scope, f);
  const r = await db.query<FollowUpItem>(`SELECT ${COLUMNS} ${FROM} ${w.sql} ${ORDER} LIMIT ${Number(page.limit)} OFFSET ${Number(page.offset)}`, w.values);
  return r.rows;
}

/** Total matching items and how many of them are in each status (the filter's own status ignored). */
export async function countFollowUps(db: Executor, scope: ScopeIds, f: FollowUpFilter): Promise<{ total: number; byStatus: Record<string, number> }> {
  const withoutStatus = { ...f };
  delete withoutStatus.status;
  const w = where(scope, withoutStatus);
  const r = await db.query<{ status: string; n: number }>(`SELECT f.status, count(*)::int AS n ${FROM} ${w.sql} GROUP BY f.status`, w.values);
  const byStatus: Record<string, number> = { open: 0, assigned: 0, visited: 0, closed: 0 };
  for (const row of r.rows) byStatus[row.status] = row.n;
  const total = f.status ? (byStatus[f.status] ?? 0) : Object.values(byStatus).reduce((a, b) => a + b, 0);
  return { total, byStatus };
}

export async function getFollowUp(db: Executor, scope: ScopeIds, id: number, lock = false): Promise<FollowUpItem | undefined> {
  const w = where(scope, {});
  const r = await db.query<FollowUpItem>(
    `SELECT ${COLUMNS} ${FROM} ${w.sql ? `${w.sql} AND` : 'WHERE'} f.id = $${w.values.length + 1}${lock ? ' FOR UPDATE OF f' : ''}`,
    [...w.values, id],
  );
  return r.rows[0];
}

/** The follow-up row alone, whatever the scope (to tell 404 from 403). */
export async function followUpPlace(db: Executor, id: number): Promise<{ community_id: number; grid_id: number | null } | undefined> {
  return (await db.query<{ community_id: number; grid_id: number | null }>('SELECT community_id, grid_id FROM follow_ups WHERE id = $1', [id])).rows[0];
}

export async function updateFollowUp(
  db: Executor,
  id: number,
  set: { status: string; assigneeId?: number | null; dueAt?: Date | null; visitResult?: string | null; note?: string | null },
): Promise<void> {
  await db.query(
    `UPDATE follow_ups SET status = $2,
        assignee_id = CASE WHEN $3::boolean THEN $4::bigint ELSE assignee_id END,
        assigned_at = CASE WHEN $3::boolean THEN now() ELSE assigned_at END,
        due_at = CASE WHEN $5::boolean THEN $6::timestamptz ELSE due_at END,
        visit_result = CASE WHEN $7::boolean THEN $8 ELSE visit_result END,
        visited_at = CASE WHEN $2 = 'visited' THEN now() ELSE visited_at END,
        note = coalesce($9, note),
        closed_at = CASE WHEN $2 = 'closed' THEN now() WHEN $2 = 'open' THEN NULL ELSE closed_at END,
        updated_at = now()
      WHERE id = $1`,
    [id, set.status, set.assigneeId !== undefined, set.assigneeId ?? null, set.dueAt !== undefined, set.dueAt ?? null, set.visitResult !== undefined, set.visitResult ?? null, set.note ?? null],
  );
}

/** Assigns every open item of a grid (in scope) to one account; returns the ids. */
export async function assignOpenOfGrid(db: Executor, scope: ScopeIds, gridId: number, assigneeId: number, dueAt: Date | null, roundId?: number): Promise<number[]> {
  const w = where(scope, { gridId, status: 'open', ...(roundId ? { roundId } : {}) });
  const n = w.values.length;
  const r = await db.query<{ id: number }>(
    `UPDATE follow_ups SET status = 'assigned', assignee_id = $${n + 1}, assigned_at = now(), due_at = $${n + 2}, updated_at = now()
      WHERE id IN (SELECT f.id ${FROM} ${w.sql}) RETURNING id`,
    [...w.values, assigneeId, dueAt],
  );
  return r.rows.map((x) => x.id).sort((a, b) => a - b);
}

/** The audit entries of one follow-up, oldest first. */
export async function followUpHistory(db: Executor, id: number): Promise<{ at: Date; actor: string; action: string; detail: Record<string, unknown> }[]> {
  const r = await db.query<{ at: Date; actor: string; action: string; detail: Record<string, unknown> }>(
    `SELECT at, actor, action, detail FROM audit_log WHERE entity = 'follow_up' AND entity_id = $1 ORDER BY at, id`,
    [String(id)],
  );
  return r.rows;
}
