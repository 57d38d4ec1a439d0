/** Small database fixtures: a community with N households and a round over them. */
import type pg from 'pg';

export async function seedRound(
  pool: pg.Pool,
  o: { community: string; households: number; cps?: number; lines?: number; maxAttempts?: number; status?: string; phoneBase?: number; window?: [string, string] },
): Promise<{ roundId: number; communityId: number; residentIds: number[] }> {
  const c = await pool.query<{ id: number }>(
    `INSERT INTO communities (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    [o.community],
  );
  const communityId = c.rows[0]!.id;
  const base = o.phoneBase ?? 17000000000;
  const res = await pool.query<{ id: number }>(
    `INSERT INTO residents (community_id, name, phone)
     SELECT $1, '住户' || i, '+86' || ($2::bigint + i) FROM generate_series(0, $3 - 1) AS i
     ON CONFLICT (community_id, phone) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    [communityId, base, o.households],
  );
  const r = await pool.query<{ id: number }>(
    `INSERT INTO rounds (community_id, status, window_start, window_end, max_attempts, cps, lines)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [communityId, o.status ?? 'running', o.window?.[0] ?? '00:00', o.window?.[1] ?? '24:00', o.maxAttempts ?? 3, o.cps ?? 10, o.lines ?? 10],
  );
  const roundId = r.rows[0]!.id;
  await pool.query(`INSERT INTO calls (round_id, resident_id) SELECT $1, unnest($2::bigint[])`, [roundId, res.rows.map((x) => x.id)]);
  return { roundId, communityId, residentIds: res.rows.map((x) => x.id) };
}
