/**
 * From CSV records to household rows: header recognition (Chinese or English),
 * per-row validation with line numbers, and merging of duplicate numbers. Pure.
 */
import { maskPhone } from '../../util/mask.js';
import { normalisePhone } from './phone.js';

export type Field = 'name' | 'phone' | 'building' | 'unit' | 'room' | 'grid' | 'doNotCall';

/** Accepted header names per field (compared after trimming and lower-casing). */
export const HEADER_ALIASES: Record<Field, readonly string[]> = {
  name: ['姓名', '户主', '户主姓名', '联系人', 'name'],
  phone: ['电话', '手机号', '手机', '手机号码', '电话号码', '联系电话', 'phone', 'mobile', 'tel', 'telephone'],
  building: ['楼栋', '楼号', '栋', 'building'],
  unit: ['单元', 'unit'],
  room: ['房号', '门牌号', '房间号', 'room'],
  grid: ['网格', '所属网格', 'grid'],
  doNotCall: ['免打扰', '勿扰', '不拨打', 'do_not_call', 'dnc'],
};

export interface HouseholdRow {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  name: string;
  phone: string;
  building: string;
  unit: string;
  room: string;
  grid: string | null;
  /** null when the file has no do-not-call column (then existing marks are kept). */
  doNotCall: boolean | null;
}

export interface RowError {
  line: number;
  column: string;
  reason: string;
}

export interface ParsedRegister {
  /** Which fields the file has, and the header text it used for each. */
  columns: Partial<Record<Field, string>>;
  rows: HouseholdRow[];
  errors: RowError[];
  /** Rows folded into an earlier row with the same number. */
  merged: number;
}

/** A fatal problem with the whole file (no header, no phone column, …). */
export class RegisterFormatError extends Error {
  constructor(message: readonly string[] | string, readonly hint: string) {
    super(typeof message === 'string' ? message : message.join(' '));
  }
}

const YES = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓', '勿扰', '免打扰']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '']);

function fieldOf(header: string): Field | undefined {
  const h = header.normalize('NFKC').trim().toLowerCase();
  for (const [field, aliases] of Object.entries(HEADER_ALIASES) as [Field, readonly string[]][]) {
    if (aliases.includes(h)) return field;
  }
  return undefined;
}

function headerHelp(): string {
  return `Name the columns 姓名, 电话 (or 手机号), 楼栋, 单元, 房号, 网格, 免打扰 — or name, phone, building, unit, room, grid, do_not_call. Only the phone column is required.`;
}

/**
 * Validates the records of a register (records[0] is the header row).
 * `lineOf(i)` maps a record index to its line in the file (records may span lines).
 */
export function parseRegister(records: string[][], lineOf: (index: number) => number = (i) => i + 1): ParsedRegister {
  if (records.length === 0) throw new RegisterFormatError('The file is empty.', 'Export the register with a header row and one row per household. ' + headerHelp());
  const header = records[0]!;
  const columns: Partial<Record<Field, string>> = {};
  const index: Partial<Record<Field, number>> = {};
  header.forEach((h, i) => {
    const f = fieldOf(h);
    if (f && index[f] === undefined) {
      index[f] = i;
      columns[f] = h.trim();
    }
  });
  if (index.phone === undefined) {
    throw new RegisterFormatError(
      `No phone column in the header (found: ${header.map((h) => JSON.stringify(h.trim())).join(', ') || 'nothing'}).`,
      headerHelp(),
    );
  }
  const body = records.slice(1).filter((r) => r.some((cell) => cell.trim() !== ''));
  if (body.length === 0) throw new RegisterFormatError('The file has a header but no households.', 'Add one row per household below the header.');

  const rows: HouseholdRow[] = [];
  const errors: RowError[] = [];
  const byPhone = new Map<string, HouseholdRow>();
  let merged = 0;
  const cell = (r: string[], f: Field) => (index[f] === undefined ? '' : (r[index[f]!] ?? '').normalize('NFKC').trim());

  records.slice(1).forEach((record, i) => {
    if (!record.some((c) => c.trim() !== '')) return;
    const line = lineOf(i + 1);
    const phone = normalisePhone(cell(record, 'phone'));
    if (!phone.ok) {
      errors.push({ line, column: columns.phone!, reason: phone.reason });
      return;
    }
    let doNotCall: boolean | null = null;
    if (index.doNotCall !== undefined) {
      const v = cell(record, 'doNotCall').toLowerCase();
      if (YES.has(v)) doNotCall = true;
      else if (NO.has(v)) doNotCall = false;
      else {
        errors.push({ line, column: columns.doNotCall!, reason: `"${v}" is not a yes/no value; write 是 or 否 (or leave it empty)` });
        return;
      }
    }
    const row: HouseholdRow = {
      line,
      name: cell(record, 'name'),
      phone: phone.e164,
      building: cell(record, 'building'),
      unit: cell(record, 'unit'),
      room: cell(record, 'room'),
      grid: cell(record, 'grid') || null,
      doNotCall,
    };
    const earlier = byPhone.get(row.phone);
    if (!earlier) {
      byPhone.set(row.phone, row);
      rows.push(row);
      return;
    }
    const conflict = conflictBetween(earlier, row);
    if (conflict) {
      errors.push({
        line,
        column: columns[conflict.field] ?? columns.phone!,
        reason: `phone ${maskPhone(row.phone)} is already on line ${earlier.line} with ${conflict.what}; one household has one number: merge the two rows or correct the number`,
      });
      return;
    }
    // Same household written twice: fill what the first row left empty.
    earlier.name ||= row.name;
    earlier.building ||= row.building;
    earlier.unit ||= row.unit;
    earlier.room ||= row.room;
    earlier.grid ??= row.grid;
    if (row.doNotCall) earlier.doNotCall = true;
    merged += 1;
  });
  return { columns, rows, errors, merged };
}

function conflictBetween(a: HouseholdRow, b: HouseholdRow): { field: Field; what: string } | undefined {
  const checks: [Field, string, string][] = [
    ['name', a.name, b.name],
    ['building', a.building, b.building],
    ['unit', a.unit, b.unit],
    ['room', a.room, b.room],
    ['grid', a.grid ?? '', b.grid ?? ''],
  ];
  for (const [field, x, y] of checks) {
    if (x && y && x !== y) return { field, what: `a different ${field} (${JSON.stringify(x)} vs ${JSON.stringify(y)})` };
  }
  return undefined;
}
