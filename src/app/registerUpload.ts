/**
 * A register uploaded in the browser: CSV bytes as `tiwen import` reads them, or an
 * .xlsx workbook (first sheet) turned into the same CSV first, then importResidents
 * with its all-or-nothing rule. The upload goes through a temporary file so the
 * importer's decoding (UTF-8/GBK detection) is the one used.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type pg from 'pg';
import { ForbiddenError, InputError } from '../errors.js';
import { findCommunity } from '../adapters/store/postgres/communities.js';
import type { Scope } from './accounts.js';
import { importResidents, type ImportReport } from './importResidents.js';
import { requireOffice } from './scope.js';

function csvField(v: string): string {
  return /[",\r\n\t]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return v.result === undefined || v.result === null ? '' : String(v.result);
    return '';
  }
  // Excel keeps long numbers as numbers: write them without exponent so a phone stays whole.
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  return String(v);
}

/** The first worksheet of an .xlsx as CSV text (one line per sheet row, blank rows kept). */
export async function xlsxToCsv(bytes: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (err) {
    throw new InputError(`无法读取 Excel 文件:${(err as Error).message}。`, '请在 Excel 中另存为 .xlsx(Excel 工作簿)或 CSV。');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new InputError('Excel 文件中没有工作表。', '请把名单放在第一个工作表。');
  const lines: string[] = [];
  const width = ws.columnCount;
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(csvField(cellText(row.getCell(c).value).trim()));
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}

export async function uploadRegister(pool: pg.Pool, scope: Scope, o: { community: string; fileName: string; bytes: Buffer; timezone: string; skipInvalid?: boolean }): Promise<ImportReport> {
  requireOffice(scope);
  const community = o.community.trim();
  if (!community) throw new InputError('社区名称为空。', '请选择或填写社区。');
  if (scope.communityIds !== 'all') {
    const c = await findCommunity(pool, community);
    if (!c || !scope.communityIds.includes(c.id)) throw new ForbiddenError(`您不能导入到“${community}”。`, '只有管理员可以创建新社区。');
  }
  if (o.bytes.length === 0) throw new InputError(`${o.fileName} 是空文件。`, '请重新选择名单文件。');
  const isXlsx = /\.xlsx$/i.test(o.fileName) || o.bytes.subarray(0, 2).toString('latin1') === 'PK';
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tiwen-upload-'));
  const file = path.join(dir, path.basename(o.fileName).replace(/[^\p{L}\p{N}._-]/gu, '_') + (isXlsx ? '.csv' : ''));
  try {
    await writeFile(file, isXlsx ? await xlsxToCsv(o.bytes) : o.bytes);
    const report = await importResidents(pool, { file, community, skipInvalid: o.skipInvalid ?? false, timezone: o.timezone, actor: scope.username });
    return report;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
