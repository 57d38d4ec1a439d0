/** The office's dashboard of today (per grid) with the rounds, and a round's live view. */
import type { RoundView } from '../../../app/rounds.js';
import type { GridDay } from '../../../adapters/store/postgres/dashboard.js';
import { html, type Html } from '../../html.js';
import { ROUND_STATUS_ZH } from './labels.js';

export function dashboardBody(o: { today: GridDay[]; rounds: (RoundView & { done: number })[]; communities: { name: string; grids: { name: string }[] }[]; csrf: string; defaults: { window: string; maxAttempts: number; cps: number; lines: number } }): Html {
  const sum = (k: keyof GridDay) => o.today.reduce((a, g) => a + Number(g[k] ?? 0), 0);
  return html`<h2>今日概况</h2>
<div class="cards">
  <div class="card">住户<b>${sum('households')}</b></div><div class="card">今日已筛查<b>${sum('screened')}</b></div>
  <div class="card">发烧<b class="fever">${sum('fever')}</b></div><div class="card">未接通<b>${sum('unreachable')}</b></div><div class="card">待跟进<b>${sum('open_items')}</b></div>
</div>
<table class="list" id="today"><thead><tr><th>社区</th><th>网格</th><th>住户</th><th>今日已筛查</th><th>发烧</th><th>未接通</th><th>未关闭事项</th></tr></thead><tbody>
${o.today.map(
  (g) => html`<tr><td data-label="社区">${g.community}</td><td data-label="网格">${g.grid ?? '(未分网格)'}</td><td data-label="住户">${g.households}</td><td data-label="今日已筛查">${g.screened}</td>
  <td data-label="发烧" class="${g.fever ? 'fever' : ''}">${g.fever}</td><td data-label="未接通">${g.unreachable}</td>
  <td data-label="未关闭事项">${g.open_items ? html`<a href="/follow-ups?${g.grid_id ? `grid=${g.grid_id}&` : ''}status=open">${g.open_items}</a>` : '0'}</td></tr>`,
)}</tbody></table>
<h2 id="rounds-heading">筛查轮次</h2>
${o.rounds.length
  ? html`<table class="list" id="rounds"><thead><tr><th>轮次</th><th>社区</th><th>状态</th><th>进度</th><th>拨打时段</th><th>创建时间</th></tr></thead><tbody>
${o.rounds.map((r) => {
  const pct = r.households ? Math.round((100 * r.done) / r.households) : 0;
  return html`<tr><td data-label="轮次"><a href="/rounds/${r.id}">第 ${r.id} 轮</a></td><td data-label="社区">${r.community}</td><td data-label="状态">${ROUND_STATUS_ZH[r.status] ?? r.status}</td>
  <td data-label="进度"><span class="bar"><span style="width:${pct}%"></span></span> ${r.done} / ${r.households}</td><td data-label="拨打时段">${r.window}</td>
  <td data-label="创建时间">${new Date(r.createdAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}</td></tr>`;
})}</tbody></table>`
  : html`<p>还没有筛查轮次。先导入居民名单,再创建一轮筛查。</p>`}
${o.communities.length
  ? html`<div class="panel"><h3>创建一轮筛查</h3>
<form method="post" action="/rounds" id="create-round">
  <input type="hidden" name="_csrf" value="${o.csrf}">
  <label>社区 <select name="community">${o.communities.map((c) => html`<option>${c.name}</option>`)}</select></label>
  <label>网格(不选为全部) <select name="grids" multiple size="3">${o.communities.flatMap((c) => c.grids.map((g) => html`<option value="${g.name}">${c.name} · ${g.name}</option>`))}</select></label>
  <label>拨打时段 <input name="window" value="${o.defaults.window}" size="11"></label>
  <label>最多拨打次数 <input name="maxAttempts" type="number" min="1" max="10" value="${o.defaults.maxAttempts}"></label>
  <label>每秒呼叫数 <input name="cps" type="number" step="any" min="0.1" value="${o.defaults.cps}"></label>
  <label>线路数 <input name="lines" type="number" min="1" value="${o.defaults.lines}"></label>
  <label><span><input type="checkbox" name="start" value="1" checked> 立即开始</span></label>
  <button type="submit">创建</button>
</form></div>`
  : ''}`;
}

const NEXT: Record<string, { cmd: string; label: string; cls?: string }[]> = {
  created: [{ cmd: 'start', label: '开始' }, { cmd: 'cancel', label: '取消本轮', cls: 'danger' }],
  running: [{ cmd: 'pause', label: '暂停', cls: 'secondary' }, { cmd: 'cancel', label: '取消本轮', cls: 'danger' }],
  paused: [{ cmd: 'resume', label: '继续' }, { cmd: 'cancel', label: '取消本轮', cls: 'danger' }],
  completed: [],
  cancelled: [],
};

export function roundBody(o: { id: number; community: string; status: string; csrf: string }): Html {
  return html`<p><a href="/">← 今日概况</a></p>
<h2>第 ${o.id} 轮 · ${o.community} · <span id="round-status" data-status="${o.status}">${ROUND_STATUS_ZH[o.status] ?? o.status}</span></h2>
<div class="panel actions" id="round-actions">
${(NEXT[o.status] ?? []).map(
  (n) => html`<form class="inline" method="post" action="/rounds/${o.id}/${n.cmd}"><input type="hidden" name="_csrf" value="${o.csrf}"><button type="submit" class="${n.cls ?? ''}" data-cmd="${n.cmd}">${n.label}</button></form> `,
)}
<a class="button secondary" href="/follow-ups?round=${o.id}">本轮待跟进</a>
<a class="button secondary" href="/exports/rounds/${o.id}.xlsx">导出结果 (Excel)</a>
<a class="button secondary" href="/exports/rounds/${o.id}.csv">导出结果 (CSV)</a>
</div>
<div id="live" data-round="${o.id}"><p class="muted">正在加载实时数据…</p></div>`;
}
