import type { Executor } from './database.js';

export interface FollowUpRow {
  id: number;
  reason: string;
  status: string;
  temperature_c: number | null;
  transcript: string;
  created_at: Date;
  name: string;
  phone: string;
  building: string;
  unit: string;
  room: string;
  grid: string | null;
}

export async function listFollowUps(db: Executor, roundId: number, limit = 500): Promise<FollowUpRow[]> {
  const r = await db.query<FollowUpRow>(
    `SELECT f.id, f.reason, f.status, f.temperature_c, f.transcript, f.created_at,
            res.name, res.phone, res.building, res.unit, res.room, g.name AS grid
       FROM follow_ups f JOIN residents res ON res.id = f.resident_id LEFT JOIN grids g ON g.id = f.grid_id
      WHERE f.round_id = $1
      ORDER BY CASE f.reason WHEN 'fever' THEN 0 WHEN 'wrong_number' THEN 2 ELSE 1 END, f.temperature_c DESC NULLS LAST, f.id
      LIMIT $2`,
    [roundId, limit],
  );
  return r.rows;
}
