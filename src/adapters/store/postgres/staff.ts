/** Staff accounts: rows, their communities and grids, and the login counters. */
import type { Executor } from './database.js';

export type Role = 'admin' | 'staff' | 'grid_worker';

export interface StaffRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string | null;
  disabled: boolean;
  failed_logins: number;
  locked_until: Date | null;
  last_login_at: Date | null;
  created_at: Date;
  /** Community ids the account covers (staff), or its grids' communities (grid worker). */
  community_ids: number[];
  community_names: string[];
  grid_ids: number[];
  grid_names: string[];
}

const SELECT = `
  SELECT u.id, u.username, u.display_name, u.role, u.password_hash, u.disabled, u.failed_logins,
         u.locked_until, u.last_login_at, u.created_at,
         coalesce(array(SELECT DISTINCT c.id FROM communities c
                         WHERE c.id IN (SELECT community_id FROM staff_communities WHERE user_id = u.id)
                            OR c.id IN (SELECT g.community_id FROM staff_grids sg JOIN grids g ON g.id = sg.grid_id WHERE sg.user_id = u.id)
                         ORDER BY c.id), '{}') AS community_ids,
         coalesce(array(SELECT c.name FROM communities c
                         WHERE c.id IN (SELECT community_id FROM staff_communities WHERE user_id = u.id)
                            OR c.id IN (SELECT g.community_id FROM staff_grids sg JOIN grids g ON g.id = sg.grid_id WHERE sg.user_id = u.id)
                         ORDER BY c.id), '{}') AS community_names,
         coalesce(array(SELECT g.id FROM staff_grids sg JOIN grids g ON g.id = sg.grid_id WHERE sg.user_id = u.id ORDER BY g.id), '{}') AS grid_ids,
         coalesce(array(SELECT g.name FROM staff_grids sg JOIN grids g ON g.id = sg.grid_id WHERE sg.user_id = u.id ORDER BY g.id), '{}') AS grid_names
    FROM staff_users u`;

// bigint[] arrives as strings (the INT8 parser of database.ts covers single values only).
function row(r: StaffRow): StaffRow {
  return { ...r, community_ids: r.community_ids.map(Number), grid_ids: r.grid_ids.map(Number) };
}

export async function findStaffByName(db: Executor, username: string): Promise<StaffRow | undefined> {
  const r = (await db.query<StaffRow>(`${SELECT} WHERE u.username = $1`, [username])).rows[0];
  return r && row(r);
}

export async function findStaffById(db: Executor, id: number): Promise<StaffRow | undefined> {
  const r = (await db.query<StaffRow>(`${SELECT} WHERE u.id = $1`, [id])).rows[0];
  return r && row(r);
}

export async function listStaff(db: Executor): Promise<StaffRow[]> {
  return (await db.query<StaffRow>(`${SELECT} ORDER BY u.username`)).rows.map(row);
}

export async function insertStaff(
  db: Executor,
  s: { username: string; displayName: string; role: Role; passwordHash: string; communityIds: number[]; gridIds: number[] },
): Promise<number> {
  const r = await db.query<{ id: number }>(
    'INSERT INTO staff_users (username, display_name, role, password_hash) VALUES ($1, $2, $3, $4) RETURNING id',
    [s.username, s.displayName, s.role, s.passwordHash],
  );
  const id = r.rows[0]!.id;
  if (s.communityIds.length) await db.query('INSERT INTO staff_communities (user_id, community_id) SELECT $1, unnest($2::bigint[])', [id, s.communityIds]);
  if (s.gridIds.length) await db.query('INSERT INTO staff_grids (user_id, grid_id) SELECT $1, unnest($2::bigint[])', [id, s.gridIds]);
  return id;
}

export async function setStaffPassword(db: Executor, id: number, passwordHash: string): Promise<void> {
  await db.query('UPDATE staff_users SET password_hash = $2, failed_logins = 0, locked_until = NULL, updated_at = now() WHERE id = $1', [id, passwordHash]);
}

export async function setStaffDisabled(db: Executor, id: number, disabled: boolean): Promise<void> {
  await db.query('UPDATE staff_users SET disabled = $2, updated_at = now() WHERE id = $1', [id, disabled]);
}

/** Records a failed login; locks the account for `lockSeconds` once `threshold` failures in a row are reached. */
export async function recordLoginFailure(db: Executor, id: number, threshold: number, lockSeconds: number): Promise<{ failed: number; lockedUntil: Date | null }> {
  const r = await db.query<{ failed_logins: number; locked_until: Date | null }>(
    `UPDATE staff_users SET failed_logins = failed_logins + 1,
            locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(secs => $3) ELSE locked_until END
      WHERE id = $1 RETURNING failed_logins, locked_until`,
    [id, threshold, lockSeconds],
  );
  return { failed: r.rows[0]!.failed_logins, lockedUntil: r.rows[0]!.locked_until };
}

export async function recordLoginSuccess(db: Executor, id: number): Promise<void> {
  await db.query('UPDATE staff_users SET failed_logins = 0, locked_until = NULL, last_login_at = now() WHERE id = $1', [id]);
}

/** Grid ids by name within a community. */
export async function gridIdsByName(db: Executor, communityId: number, names: string[]): Promise<Map<string, number>> {
  const r = await db.query<{ id: number; name: string }>('SELECT id, name FROM grids WHERE community_id = $1 AND name = ANY($2)', [communityId, names]);
  return new Map(r.rows.map((g) => [g.name, g.id]));
}

/** Grid workers assigned to a grid (for bulk assignment and the assign menu). */
export async function gridWorkers(db: Executor, gridIds: number[]): Promise<{ id: number; username: string; display_name: string; grid_id: number }[]> {
  const r = await db.query<{ id: number; username: string; display_name: string; grid_id: number }>(
    `SELECT u.id, u.username, u.display_name, sg.grid_id FROM staff_users u JOIN staff_grids sg ON sg.user_id = u.id
      WHERE sg.grid_id = ANY($1) AND u.role = 'grid_worker' AND NOT u.disabled ORDER BY u.username`,
    [gridIds],
  );
  return r.rows;
}
