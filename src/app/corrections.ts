/**
 * Staff corrections as labelled data for the classifier: one JSONL line per answer the
 * robot heard in a corrected call, in the format of the dataset files (`text`,
 * `accept` with the corrected label first, `temperature`, `symptoms`) plus `prompt`
 * and the original classification beside it. No names or numbers leave the database.
 */
import type pg from 'pg';
import { InputError, NotFoundError } from '../errors.js';
import { findCommunity } from '../adapters/store/postgres/communities.js';
import { listCorrections } from '../adapters/store/postgres/corrections.js';

/** The labels of the dataset format; `unreachable` is no answer and yields no line. */
const LABELS = new Set(['fever', 'no_fever', 'unclear', 'callback', 'wrong_number', 'refused']);

/** Which question a turn answered, by its prompt key. Keypad turns carry digits, not text. */
function promptOf(key: string): 'fever' | 'temperature' | null {
  if (key.startsWith('fever_question')) return 'fever';
  if (key.startsWith('temperature_')) return 'temperature';
  return null;
}

export interface LabelledLine {
  text: string;
  accept: string[];
  temperature: number | null;
  symptoms: string[];
  prompt: 'fever' | 'temperature';
  /** The call's outcome before the correction, and what the classifier made of this answer. */
  original: { outcome: string | null; label: string | null; rule: string | null; temperature: number | null; confidence: number | null; recogniserConfidence: number | null };
  correction: { id: number; round: number; community: string; at: string; note: string };
}

export async function exportCorrections(pool: pg.Pool, o: { community?: string; roundId?: number; since?: string }): Promise<{ lines: LabelledLine[]; corrections: number }> {
  if (o.since && !/^\d{4}-\d{2}-\d{2}$/.test(o.since)) throw new InputError(`--since "${o.since}" is not a date.`, 'Write it as YYYY-MM-DD, e.g. --since 2026-12-01.');
  let communityId: number | undefined;
  if (o.community) {
    const c = await findCommunity(pool, o.community);
    if (!c) throw new NotFoundError(`Community "${o.community}" does not exist.`, 'Check the name with: tiwen round list');
    communityId = c.id;
  }
  const rows = await listCorrections(pool, { ...(communityId ? { communityId } : {}), ...(o.roundId ? { roundId: o.roundId } : {}), ...(o.since ? { since: o.since } : {}) });
  const lines: LabelledLine[] = [];
  for (const k of rows) {
    if (!LABELS.has(k.corrected_outcome)) continue;
    for (const t of k.original_turns) {
      const prompt = promptOf(t.prompt);
      if (!prompt || t.transcript === null) continue;
      const cls = t.classification;
      lines.push({
        text: t.transcript,
        // The corrected label only: staff decided it; the original label stays under `original`.
        accept: [k.corrected_outcome],
        temperature: k.corrected_outcome === 'fever' ? (k.corrected_temperature_c ?? cls?.temperatureC ?? null) : null,
        // Staff correct the result, not the symptoms: those are the classifier's.
        symptoms: cls?.symptoms ?? [],
        prompt,
        original: { outcome: k.original_outcome, label: cls?.label ?? null, rule: cls?.rule ?? null, temperature: cls?.temperatureC ?? null, confidence: cls?.confidence ?? null, recogniserConfidence: t.confidence },
        correction: { id: k.id, round: k.round_id, community: k.community, at: k.at.toISOString(), note: k.note },
      });
    }
  }
  return { lines, corrections: rows.length };
}
