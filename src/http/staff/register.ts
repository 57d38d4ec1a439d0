/** The register upload page: its form and the report with line-level errors. */
import type { ImportReport } from '../../app/importResidents.js';
import { html, type Html } from '../html.js';

export function registerBody(o: { csrf: string; communities: string[]; report?: ImportReport | null }): Html {
  const r = o.report;
  return html`<h2>导入居民名单</h2>
<div class="panel"><form id="upload" method="post" action="/register" data-upload>
  <input type="hidden" name="_csrf" value="${o.csrf}">
  <label>社区 <input name="community" list="communities" required value="${o.communities[0] ?? ''}"></label>
  <datalist id="communities">${o.communities.map((c) => html`<option value="${c}">`)}</datalist>
  <label>名单文件 (.csv 或 .xlsx) <input type="file" name="file" accept=".csv,.xlsx,.txt" required></label>
  <button type="submit">上传并导入</button>
</form>
<p class="muted">列:电话(必填)、姓名、楼栋、单元、房号、网格、免打扰。有任何一行错误时不导入任何数据,请按下方提示修改后重新上传。</p></div>
<div id="report">${r
  ? r.committed
    ? html`<div class="msg ok">导入完成:新增 ${r.imported} 户,更新 ${r.updated} 户,未变 ${r.unchanged} 户${r.merged ? html`,合并 ${r.merged} 行` : ''}。</div>`
    : html`<div class="msg err">名单中有 ${r.invalid} 行错误,未导入任何数据。</div>
<table class="list" id="errors"><thead><tr><th>行</th><th>列</th><th>原因</th></tr></thead><tbody>
${r.errors.map((e) => html`<tr><td data-label="行">${e.line}</td><td data-label="列">${e.column ?? ''}</td><td data-label="原因">${e.reason}</td></tr>`)}</tbody></table>`
  : ''}</div>`;
}
