/**
 * Exports for the 日报 a community sends to its 街道: a round's results and the
 * follow-ups, as .xlsx (one sheet per grid, Chinese headers) or CSV (UTF-8 with BOM
 * so Excel opens it). Every export is audited. Grid workers get masked numbers.
 */
import ExcelJS from 'exceljs';
import type pg from 'pg';
import { audit } from '../adapters/store/postgres/audit.js';
import { roundResults } from '../adapters/store/postgres/dashboard.js';
import { maskPhone } from '../util/mask.js';
import type { Scope } from './accounts.js';
import { checkRound } from './dashboard.js';
import { allFollowUps } from './followUps.js';
import type { FollowUpFilter } from '../adapters/store/postgres/followUpWork.js';
import { scopeIds } from './scope.js';

export type ExportFormat = 'xlsx' | 'csv';

export interface Table {
  title: string;
  headers: string[];
  /** Grid of each row (sheets are per grid). */
  rows: { grid: string; cells: (string | number | null)[] }[];
}

const OUTCOME_ZH: Record<string, string> = { fever: '发烧', no_fever: '无发烧', unclear: '未明确', unreachable: '未接通', callback: '要求回电', wrong_number: '号码错误', refused: '拒绝回答' };
const CALL_ZH: Record<string, string> = { pending: '待拨打', dialing: '拨打中', in_progress: '通话中', done: '已完成', cancelled: '已取消' };
const REASON_ZH: Record<string, string> = { fever: '发烧', unclear: '未明确', unreachable: '未接通', wrong_number: '号码错误', refused: '拒绝回答', callback: '要求回电' };
const STATUS_ZH: Record<string, string> = { open: '待处理', assigned: '已分派', visited: '已走访', closed: '已关闭' };
const VISIT_ZH: Record<string, string> = { fever_referred: '确认发烧,已转介社区卫生服务中心', false_alarm: '误报', nobody_home: '无人在家', moved_away: '已搬离', number_corrected: '号码已更正' };
const NO_GRID = '未分网格';

function phoneFor(scope: Scope, phone: string): string {
  return scope.role === 'grid_worker' ? maskPhone(phone) : phone;
}

function local(d: Date | null): string {
  return d ? d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '';
}

export async function roundResultsTable(pool: pg.Pool, scope: Scope, roundId: number): Promise<Table> {
  await checkRound(pool, scope, roundId);
  const rows = await roundResults(pool, roundId, scopeIds(scope).gridIds);
  return {
    title: `第${roundId}轮筛查结果`,
    headers: ['网格', '姓名', '电话', '楼栋', '单元', '房号', '状态', '结果', '体温(℃)', '拨打次数', '完成时间'],
    rows: rows.map((r) => ({
      grid: r.grid ?? NO_GRID,
      cells: [r.grid ?? NO_GRID, r.name, phoneFor(scope, r.phone), r.building, r.unit, r.room, CALL_ZH[r.status] ?? r.status, r.outcome ? OUTCOME_ZH[r.outcome] ?? r.outcome : '', r.temperature_c, r.attempts, local(r.finished_at)],
    })),
  };
}

export async function followUpsTable(pool: pg.Pool, scope: Scope, filter: FollowUpFilter): Promise<Table> {
  const items = await allFollowUps(pool, scope, filter);
  return {
    title: '待跟进事项',
    headers: ['网格', '轮次', '原因', '体温(℃)', '姓名', '电话', '楼栋', '单元', '房号', '状态', '负责人', '完成期限', '走访结果', '备注', '通话记录'],
    rows: items.map((f) => ({
      grid: f.grid ?? NO_GRID,
      cells: [
        f.grid ?? NO_GRID, f.round_id, REASON_ZH[f.reason] ?? f.reason, f.temperature_c, f.name, phoneFor(scope, f.phone), f.building, f.unit, f.room,
        STATUS_ZH[f.status] ?? f.status, f.assignee ?? '', local(f.due_at), f.visit_result ? VISIT_ZH[f.visit_result] ?? f.visit_result : '', f.note ?? '', f.transcript,
      ],
    })),
  };
}

/**
 * A cell that Excel would run as a formula (=, +, -, @ first) gets a leading apostrophe
 * in CSV, so a resident's name cannot become a formula in the office's spreadsheet.
 */
function csvCell(v: string | number | null): string {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(t: Table): Buffer {
  const lines = [t.headers, ...t.rows.map((r) => r.cells)].map((cells) => cells.map(csvCell).join(','));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);
}

/** One sheet per grid (Excel limits names to 31 characters without []:*?/\). */
export async function toXlsx(t: Table): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'tiwen';
  const grids = [...new Set(t.rows.map((r) => r.grid))];
  if (grids.length === 0) grids.push(NO_GRID);
  const used = new Set<string>();
  for (const g of grids) {
    let name = g.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || NO_GRID;
    for (let i = 2; used.has(name); i++) name = `${name.slice(0, 28)}_${i}`;
    used.add(name);
    const ws = wb.addWorksheet(name);
    ws.addRow(t.headers).font = { bold: true };
    // Strings are written as strings: ExcelJS never turns them into formulas.
    for (const r of t.rows.filter((x) => x.grid === g)) ws.addRow(r.cells);
    ws.columns.forEach((c) => (c.width = 14));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function exportTable(pool: pg.Pool, scope: Scope, what: { kind: 'round'; roundId: number } | { kind: 'follow_ups'; filter: FollowUpFilter }, format: ExportFormat) {
  const table = what.kind === 'round' ? await roundResultsTable(pool, scope, what.roundId) : await followUpsTable(pool, scope, what.filter);
  const body = format === 'csv' ? toCsv(table) : await toXlsx(table);
  await audit(pool, { actor: scope.username, action: 'export', entity: what.kind === 'round' ? 'round' : 'follow_ups', entityId: what.kind === 'round' ? what.roundId : null, detail: { format, rows: table.rows.length, ...(what.kind === 'follow_ups' ? { filter: what.filter } : {}), masked: scope.role === 'grid_worker' } });
  return { table, body, fileName: `${table.title}.${format}`, contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
}
