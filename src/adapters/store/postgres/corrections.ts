/** Staff corrections of call results, for the labelled-data export. */
import type { Executor } from './database.js';

export interface CorrectionRow {
  id: number;
  call_id: number;
  round_id: number;
  community: string;
  original_outcome: string | null;
  original_temperature_c: number | null;
  corrected_outcome: string;
  corrected_temperature_c: number | null;
  original_turns: { prompt: string; transcript: string | null; confidence: number | null; digits: string | null; classification: { label?: string; rule?: string; temperatureC?: number | null; symptoms?: string[]; confidence?: number } | null }[];
  note: string;
  actor: string;
  at: Date;
}

export async function listCorrections(db: Executor, f: { communityId?: number; roundId?: number; since?: string }): Promise<CorrectionRow[]> {
  const r = await db.query<CorrectionRow>(
    `SELECT k.id, k.call_id, k.round_id, c.name AS community, k.original_outcome, k.original_temperature_c, k.corrected_outcome,
            k.corrected_temperature_c, k.original_turns, k.note, k.actor, k.at
       FROM corrections k JOIN communities c ON c.id = k.community_id
      WHERE ($1::bigint IS NULL OR k.community_id = $1) AND ($2::bigint IS NULL OR k.round_id = $2)
        AND ($3::date IS NULL OR k.at >= ($3::date AT TIME ZONE c.timezone))
      ORDER BY k.at, k.id`,
    [f.communityId ?? null, f.roundId ?? null, f.since ?? null],
  );
  return r.rows;
}
