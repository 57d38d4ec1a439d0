/** The follow-up list (filters, search, paging, counts, bulk assign) for office and phone. */
import type { Scope } from '../../../app/accounts.js';
import type { FollowUpPage } from '../../../app/followUps.js';
import { REASONS, STATUSES } from '../../../app/followUps.js';
import { html, type Html } from '../../html.js';
import { address, phoneForList, REASON_ZH, STATUS_ZH, VISIT_ZH, when } from './labels.js';

export interface ListQuery {
  round?: string;
  reason?: string;
  status?: string;
  grid?: string;
  date?: string;
  q?: string;
}

function link(q: ListQuery, page: number): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v) p.set(k, String(v));
  if (page > 1) p.set('page', String(page));
  const s = p.toString();
  return `/follow-ups${s ? `?${s}` : ''}`;
}

export function followUpsBody(o: {
  scope: Scope;
  csrf: string;
  query: ListQuery;
  result: FollowUpPage;
  grids: { id: number; name: string; community: string; communityId: number }[];
  workers: { id: number; username: string; display_name: string; grid_id: number }[];
}): Html {
  const { result: r, query: q, scope } = o;
  const office = scope.role !== 'grid_worker';
  const from = r.total ? (r.page - 1) * r.perPage + 1 : 0;
  const to = Math.min(r.page * r.perPage, r.total);
  const selGrid = q.grid ? o.grids.find((g) => String(g.id) === q.grid) : undefined;
  const gridWorkers = selGrid ? o.workers.filter((w) => w.grid_id === selGrid.id) : [];
  return html`<h2>待跟进事项 <span class="muted" id="total">共 ${r.total} 项</span></h2>
<div class="cards" id="status-counts">${STATUSES.map((s) => html`<a class="card" href="${link({ ...q, status: s }, 1)}">${STATUS_ZH[s]}<b>${r.byStatus[s] ?? 0}</b></a>`)}</div>
<form class="filters" method="get" action="/follow-ups" id="filters">
  <label>轮次 <input name="round" size="4" value="${q.round ?? ''}" inputmode="numeric"></label>
  <label>原因 <select name="reason"><option value="">全部</option>${REASONS.map((x) => html`<option value="${x}" ${q.reason === x ? html`selected` : ''}>${REASON_ZH[x]}</option>`)}</select></label>
  <label>状态 <select name="status"><option value="">全部</option>${STATUSES.map((x) => html`<option value="${x}" ${q.status === x ? html`selected` : ''}>${STATUS_ZH[x]}</option>`)}</select></label>
  <label>网格 <select name="grid"><option value="">全部</option>${o.grids.map((g) => html`<option value="${g.id}" ${q.grid === String(g.id) ? html`selected` : ''}>${g.community} · ${g.name}</option>`)}</select></label>
  <label>日期 <input type="date" name="date" value="${q.date ?? ''}"></label>
  <label>搜索 <input name="q" placeholder="姓名 / 楼栋 / 手机尾号" value="${q.q ?? ''}"></label>
  <button type="submit">筛选</button> <a href="/follow-ups">清除</a>
</form>
${office && selGrid
  ? html`<div class="panel"><form method="post" action="/follow-ups/bulk-assign" id="bulk-assign">
  <input type="hidden" name="_csrf" value="${o.csrf}"><input type="hidden" name="grid" value="${selGrid.id}"><input type="hidden" name="community" value="${selGrid.communityId}">
  ${q.round ? html`<input type="hidden" name="round" value="${q.round}">` : ''}
  <span>把 <b>${selGrid.name}</b>${q.round ? html` 第 ${q.round} 轮` : ''} 的全部待处理事项分派给</span>
  <select name="assignee">${gridWorkers.map((w) => html`<option value="${w.id}">${w.display_name || w.username}</option>`)}</select>
  <label>完成期限 <input type="datetime-local" name="due"></label>
  <button type="submit" ${gridWorkers.length ? '' : html`disabled title="该网格还没有网格员账号"`}>一键分派</button>
</form></div>`
  : ''}
<p class="muted">第 ${from}–${to} 项,共 ${r.total} 项</p>
<table class="list" id="follow-ups"><thead><tr><th>原因</th><th>住户</th><th>地址</th><th>网格</th><th>通话记录</th><th>状态</th><th>负责人</th></tr></thead><tbody>
${r.items.map(
  (f) => html`<tr data-id="${f.id}"><td data-label="原因" class="${f.reason === 'fever' ? 'fever' : ''}">${REASON_ZH[f.reason] ?? f.reason}${f.temperature_c != null ? ` ${f.temperature_c}℃` : ''}</td>
<td data-label="住户"><a href="/households/${f.resident_id}">${f.name || '(无姓名)'}</a><br><span class="muted">${phoneForList(scope, f.phone)}</span></td>
<td data-label="地址">${address(f)}</td><td data-label="网格">${f.grid ?? '—'}</td><td data-label="通话记录"><pre>${f.transcript || '—'}</pre></td>
<td data-label="状态"><span class="tag ${f.status}">${STATUS_ZH[f.status] ?? f.status}</span>${f.visit_result ? html`<br><span class="muted">${VISIT_ZH[f.visit_result]}</span>` : ''}</td>
<td data-label="负责人">${f.assignee ?? '—'}${f.due_at ? html`<br><span class="muted">期限 ${when(f.due_at)}</span>` : ''}</td></tr>`,
)}
</tbody></table>
${r.total === 0 ? html`<p>没有符合条件的事项。</p>` : ''}
<div class="pager">${r.page > 1 ? html`<a href="${link(q, r.page - 1)}" rel="prev">← 上一页</a>` : ''}<span>第 ${r.page} / ${r.pages} 页</span>${r.page < r.pages ? html`<a href="${link(q, r.page + 1)}" rel="next">下一页 →</a>` : ''}</div>
${r.total
  ? html`<p><a class="button secondary" href="/exports/follow-ups.xlsx?${new URLSearchParams(Object.entries(q).filter(([, v]) => v) as [string, string][]).toString()}">导出 (Excel)</a>
<a class="button secondary" href="/exports/follow-ups.csv?${new URLSearchParams(Object.entries(q).filter(([, v]) => v) as [string, string][]).toString()}">导出 (CSV)</a></p>`
  : ''}`;
}
