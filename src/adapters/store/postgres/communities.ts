import type { Executor } from './database.js';

export interface CommunityRow {
  id: number;
  name: string;
  office_name: string | null;
  timezone: string;
  caller_id: string | null;
  window_start: string;
  window_end: string;
}

export async function findCommunity(db: Executor, name: string): Promise<CommunityRow | undefined> {
  const r = await db.query<CommunityRow>('SELECT * FROM communities WHERE name = $1', [name]);
  return r.rows[0];
}

export async function listCommunityNames(db: Executor): Promise<string[]> {
  const r = await db.query<{ name: string }>('SELECT name FROM communities ORDER BY name');
  return r.rows.map((x) => x.name);
}

/** Creates the community if it does not exist yet; returns it and whether it was created. */
export async function ensureCommunity(db: Executor, name: string, timezone: string): Promise<{ community: CommunityRow; created: boolean }> {
  const ins = await db.query<CommunityRow>(
    'INSERT INTO communities (name, timezone) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING *',
    [name, timezone],
  );
  if (ins.rows[0]) return { community: ins.rows[0], created: true };
  return { community: (await findCommunity(db, name))!, created: false };
}

/** Upserts grids by name; returns name -> id. */
export async function ensureGrids(db: Executor, communityId: number, names: string[]): Promise<Map<string, number>> {
  if (names.length === 0) return new Map();
  await db.query(
    `INSERT INTO grids (community_id, name) SELECT $1, n FROM unnest($2::text[]) AS n ON CONFLICT (community_id, name) DO NOTHING`,
    [communityId, names],
  );
  const r = await db.query<{ id: number; name: string }>('SELECT id, name FROM grids WHERE community_id = $1 AND name = ANY($2)', [communityId, names]);
  return new Map(r.rows.map((g) => [g.name, g.id]));
}
