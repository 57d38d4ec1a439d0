/**
 * Use case: load a resident register file into a community. All or nothing: with
 * any invalid row and without `skipInvalid`, nothing is written.
 */
import { readFile, stat } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type pg from 'pg';
import { InputError } from '../errors.js';
import { decodeRegister } from '../core/register/decode.js';
import { parseRegister, RegisterFormatError, type RowError } from '../core/register/rows.js';
import { withTransaction } from '../adapters/store/postgres/database.js';
import { ensureCommunity, ensureGrids } from '../adapters/store/postgres/communities.js';
import { upsertHouseholds } from '../adapters/store/postgres/residents.js';
import { audit } from '../adapters/store/postgres/audit.js';

export interface ImportReport {
  imported: number;
  updated: number;
  unchanged: number;
  invalid: number;
  errors: RowError[];
  /** Rows folded into an earlier row with the same number. */
  merged: number;
  encoding: string;
  communityCreated: boolean;
  /** False when invalid rows stopped the import (nothing written). */
  committed: boolean;
}

/** Reads and decodes a register file, with errors that name the file. */
export async function readRegisterFile(file: string): Promise<{ text: string; encoding: string }> {
  let bytes: Buffer;
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw new InputError(`${file} is a folder, not a register file.`, 'Give the path of a .csv file.');
    bytes = await readFile(file);
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT' ? `Register file not found: ${file}` : `Cannot read register file ${file}: ${(err as Error).message}`,
      code === 'ENOENT' ? 'Check the path (relative paths start from the current folder).' : 'Check the file permissions.',
    );
  }
  if (bytes.length === 0) throw new InputError(`Register file ${file} is empty.`, 'Export the register again: a header row and one row per household.');
  const decoded = decodeRegister(bytes);
  if (!decoded.ok) throw new InputError(`Cannot read ${file}: ${decoded.reason}.`, 'Save the register from Excel as "CSV UTF-8" or "CSV (逗号分隔)" and import that file.');
  return decoded;
}

/** Parses CSV text into records with the file line each record starts on. */
export function parseCsv(text: string, file: string): { records: string[][]; lines: number[] } {
  try {
    const out = parse(text, { delimiter: [',', '\t'], relax_column_count: true, skip_empty_lines: false, info: true, bom: true }) as unknown as Array<{
      record: string[];
      info: { lines: number; raw?: string };
    }>;
    const records: string[][] = [];
    const lines: number[] = [];
    let next = 1;
    for (const { record, info } of out) {
      records.push(record);
      lines.push(next);
      next = info.lines + 1;
    }
    return { records, lines };
  } catch (err) {
    const e = err as { message: string; lines?: number };
    throw new InputError(`${file}${e.lines ? `, line ${e.lines}` : ''}: not valid CSV (${e.message}).`, 'Check quotes: a field with a comma or line break must be wrapped in double quotes.');
  }
}

export async function importResidents(
  pool: pg.Pool,
  options: { file: string; community: string; skipInvalid: boolean; timezone: string; actor?: string },
): Promise<ImportReport> {
  const { text, encoding } = await readRegisterFile(options.file);
  const { records, lines } = parseCsv(text, options.file);
  let parsed;
  try {
    parsed = parseRegister(records, (i) => lines[i] ?? i + 1);
  } catch (err) {
    if (err instanceof RegisterFormatError) throw new InputError(`${options.file}: ${err.message}`, err.hint);
    throw err;
  }
  const community = options.community.trim();
  if (!community) throw new InputError('The community name is empty.', 'Pass --community with the name of the community (社区).');
  const base = { invalid: parsed.errors.length, errors: parsed.errors, merged: parsed.merged, encoding };
  if (parsed.errors.length > 0 && !options.skipInvalid) {
    return { ...base, imported: 0, updated: 0, unchanged: 0, communityCreated: false, committed: false };
  }
  return withTransaction(pool, async (tx) => {
    const { community: c, created } = await ensureCommunity(tx, community, options.timezone);
    const gridNames = [...new Set(parsed.rows.map((r) => r.grid).filter((g): g is string => g !== null))];
    const grids = await ensureGrids(tx, c.id, gridNames);
    const counts = await upsertHouseholds(
      tx,
      c.id,
      parsed.rows.map((r) => ({ ...r, gridId: r.grid === null ? null : grids.get(r.grid)! })),
      { setGrid: parsed.columns.grid !== undefined, setDnc: parsed.columns.doNotCall !== undefined },
    );
    await audit(tx, {
      actor: options.actor ?? 'cli',
      action: 'residents.import',
      entity: 'community',
      entityId: c.id,
      detail: { file: options.file, encoding, ...counts, invalid: parsed.errors.length, merged: parsed.merged },
    });
    return { ...base, ...counts, communityCreated: created, committed: true };
  });
}
