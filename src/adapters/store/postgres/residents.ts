import type { Executor } from './database.js';

export interface HouseholdInput {
  name: string;
  phone: string;
  building: string;
  unit: string;
  room: string;
  gridId: number | null;
  /** null: leave as it is (new rows: false). */
  doNotCall: boolean | null;
}

export interface UpsertCounts {
  imported: number;
  updated: number;
  unchanged: number;
}

/**
 * Inserts or updates households by (community, phone) in one statement. Rows whose
 * values are all equal are not touched, so re-importing the same register reports
 * them as unchanged. `setGrid` / `setDnc` false keep the existing values (the file
 * has no such column).
 */
export async function upsertHouseholds(
  db: Executor,
  communityId: number,
  rows: HouseholdInput[],
  options: { setGrid: boolean; setDnc: boolean },
): Promise<UpsertCounts> {
  if (rows.length === 0) return { imported: 0, updated: 0, unchanged: 0 };
  const r = await db.query<{ inserted: boolean }>(
    `INSERT INTO residents AS r (community_id, name, phone, building, unit, room, grid_id, do_not_call)
     SELECT $1, t.name, t.phone, t.building, t.unit, t.room, t.grid_id, coalesce(t.dnc, false)
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::boolean[])
         AS t(name, phone, building, unit, room, grid_id, dnc)
     ON CONFLICT (community_id, phone) DO UPDATE SET
       name = EXCLUDED.name, building = EXCLUDED.building, unit = EXCLUDED.unit, room = EXCLUDED.room,
       grid_id = CASE WHEN $9 THEN EXCLUDED.grid_id ELSE r.grid_id END,
       do_not_call = CASE WHEN $10 THEN EXCLUDED.do_not_call ELSE r.do_not_call END,
       updated_at = now()
     WHERE (r.name, r.building, r.unit, r.room) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.building, EXCLUDED.unit, EXCLUDED.room)
        OR ($9 AND r.grid_id IS DISTINCT FROM EXCLUDED.grid_id)
        OR ($10 AND r.do_not_call IS DISTINCT FROM EXCLUDED.do_not_call)
     RETURNING (xmax = 0) AS inserted`,
    [
      communityId,
      rows.map((x) => x.name),
      rows.map((x) => x.phone),
      rows.map((x) => x.building),
      rows.map((x) => x.unit),
      rows.map((x) => x.room),
      rows.map((x) => x.gridId),
      rows.map((x) => x.doNotCall),
      options.setGrid,
      options.setDnc,
    ],
  );
  const imported = r.rows.filter((x) => x.inserted).length;
  const updated = r.rows.length - imported;
  return { imported, updated, unchanged: rows.length - r.rows.length };
}

/** Marks (or unmarks) a number do-not-call; returns the communities it was found in. */
export async function setDoNotCall(db: Executor, phone: string, value: boolean, communityId?: number): Promise<string[]> {
  const r = await db.query<{ name: string }>(
    `UPDATE residents r SET do_not_call = $2, updated_at = now() FROM communities c
      WHERE c.id = r.community_id AND r.phone = $1 AND ($3::bigint IS NULL OR r.community_id = $3)
      RETURNING c.name`,
    [phone, value, communityId ?? null],
  );
  return r.rows.map((x) => x.name);
}

export async function countResidents(db: Executor, communityId: number): Promise<{ total: number; doNotCall: number }> {
  const r = await db.query<{ total: number; dnc: number }>(
    'SELECT count(*)::int AS total, count(*) FILTER (WHERE do_not_call)::int AS dnc FROM residents WHERE community_id = $1',
    [communityId],
  );
  return { total: r.rows[0]!.total, doNotCall: r.rows[0]!.dnc };
}
