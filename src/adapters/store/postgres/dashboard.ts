/** Figures of the office's dashboard and round views, limited to the account's communities. */
import type { Executor } from './database.js';

export interface GridDay {
  community: string;
  grid: string | null;
  grid_id: number | null;
  households: number;
  screened: number;
  fever: number;
  unreachable: number;
  open_items: number;
}

/** Per grid: households, calls finished today (community's time zone), fevers, unreachable, items not closed. */
export async function todayByGrid(db: Executor, communityIds: number[] | null): Promise<GridDay[]> {
  const r = await db.query<GridDay>(
    `WITH res AS (
       SELECT res.id, res.community_id, res.grid_id FROM residents res WHERE ($1::bigint[] IS NULL OR res.community_id = ANY($1))),
     today AS (
       SELECT c.resident_id, c.outcome FROM calls c JOIN residents r2 ON r2.id = c.resident_id JOIN communities cm ON cm.id = r2.community_id
        WHERE c.status = 'done' AND ($1::bigint[] IS NULL OR r2.community_id = ANY($1))
          AND (c.finished_at AT TIME ZONE cm.timezone)::date = (now() AT TIME ZONE cm.timezone)::date)
     SELECT cm.name AS community, g.name AS grid, res.grid_id,
            count(DISTINCT res.id)::int AS households,
            count(DISTINCT t.resident_id)::int AS screened,
            count(DISTINCT t.resident_id) FILTER (WHERE t.outcome = 'fever')::int AS fever,
            count(DISTINCT t.resident_id) FILTER (WHERE t.outcome = 'unreachable')::int AS unreachable,
            (SELECT count(*)::int FROM follow_ups f WHERE f.community_id = res.community_id AND f.grid_id IS NOT DISTINCT FROM res.grid_id AND f.status <> 'closed') AS open_items
       FROM res JOIN communities cm ON cm.id = res.community_id LEFT JOIN grids g ON g.id = res.grid_id
       LEFT JOIN today t ON t.resident_id = res.id
      GROUP BY cm.name, g.name, res.grid_id, res.community_id ORDER BY cm.name, g.name NULLS LAST`,
    [communityIds],
  );
  return r.rows;
}

export async function roundCommunity(db: Executor, roundId: number): Promise<{ community_id: number; grid_id: null } | undefined> {
  const r = await db.query<{ community_id: number; grid_id: null }>('SELECT community_id, NULL AS grid_id FROM rounds WHERE id = $1', [roundId]);
  return r.rows[0];
}

/** Communities and their grids, for the filters and forms. */
export async function communitiesWithGrids(db: Executor, communityIds: number[] | null): Promise<{ id: number; name: string; grids: { id: number; name: string }[] }[]> {
  const r = await db.query<{ id: number; name: string; grids: { id: number; name: string }[] }>(
    `SELECT c.id, c.name, coalesce((SELECT json_agg(json_build_object('id', g.id, 'name', g.name) ORDER BY g.name) FROM grids g WHERE g.community_id = c.id), '[]') AS grids
       FROM communities c WHERE $1::bigint[] IS NULL OR c.id = ANY($1) ORDER BY c.name`,
    [communityIds],
  );
  return r.rows;
}

/** The latest fevers of a round (for its live view). */
export async function latestFevers(db: Executor, roundId: number, limit = 20): Promise<{ resident_id: number; name: string; grid: string | null; temperature_c: number | null; at: Date }[]> {
  const r = await db.query<{ resident_id: number; name: string; grid: string | null; temperature_c: number | null; at: Date }>(
    `SELECT c.resident_id, res.name, g.name AS grid, c.temperature_c, c.finished_at AS at
       FROM calls c JOIN residents res ON res.id = c.resident_id LEFT JOIN grids g ON g.id = res.grid_id
      WHERE c.round_id = $1 AND c.outcome = 'fever' ORDER BY c.finished_at DESC NULLS LAST LIMIT $2`,
    [roundId, limit],
  );
  return r.rows;
}

/** Attempts placed in the last `seconds` (calls per second of the live view). */
export async function recentDials(db: Executor, roundId: number, seconds: number): Promise<number> {
  const r = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM attempts a JOIN calls c ON c.id = a.call_id WHERE c.round_id = $1 AND a.created_at > now() - make_interval(secs => $2)`,
    [roundId, seconds],
  );
  return r.rows[0]!.n;
}

export interface RoundResultRow {
  community_id: number;
  grid_id: number | null;
  grid: string | null;
  name: string;
  phone: string;
  building: string;
  unit: string;
  room: string;
  status: string;
  outcome: string | null;
  temperature_c: number | null;
  attempts: number;
  finished_at: Date | null;
}

/** Every household of a round with its result, by grid (limited to grids when given). */
export async function roundResults(db: Executor, roundId: number, gridIds: number[] | null): Promise<RoundResultRow[]> {
  const r = await db.query<RoundResultRow>(
    `SELECT res.community_id, res.grid_id, g.name AS grid, res.name, res.phone, res.building, res.unit, res.room, c.status, c.outcome, c.temperature_c,
            c.attempts, c.finished_at
       FROM calls c JOIN residents res ON res.id = c.resident_id LEFT JOIN grids g ON g.id = res.grid_id
      WHERE c.round_id = $1 AND ($2::bigint[] IS NULL OR res.grid_id = ANY($2))
      ORDER BY g.name NULLS LAST, res.building, res.unit, res.room, res.id`,
    [roundId, gridIds],
  );
  return r.rows;
}

export async function gridPlace(db: Executor, gridId: number): Promise<{ community_id: number; grid_id: number } | undefined> {
  const r = await db.query<{ community_id: number; grid_id: number }>('SELECT community_id, id AS grid_id FROM grids WHERE id = $1', [gridId]);
  return r.rows[0];
}
