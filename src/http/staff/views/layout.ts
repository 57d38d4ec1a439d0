/** The page frame of the staff console (Simplified Chinese), phone-friendly. */
import type { Scope } from '../../../app/accounts.js';
import { html, trusted, type Html } from '../../html.js';

const CSS = trusted(`
*{box-sizing:border-box}
body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Noto Sans SC","WenQuanYi Micro Hei",sans-serif;margin:0;background:#f5f6f8;color:#222}
header{background:#c0392b;color:#fff;padding:10px 20px;display:flex;flex-wrap:wrap;gap:8px 18px;align-items:center}
header .brand{font-size:19px;font-weight:bold;margin-right:8px}
header a{color:#fff;text-decoration:none;opacity:.92}
header a:hover{opacity:1;text-decoration:underline}
header .who{margin-left:auto;font-size:13px;display:flex;gap:8px;align-items:center}
header form{margin:0}
header button{background:transparent;border:1px solid #fff;color:#fff;border-radius:4px;padding:3px 8px;cursor:pointer}
main{padding:14px 20px;max-width:1240px}
h2{margin:8px 0 12px;font-size:20px}
h3{margin:18px 0 8px;font-size:16px}
table{border-collapse:collapse;width:100%;background:#fff;margin:8px 0}
th,td{border-bottom:1px solid #e3e3e3;padding:7px 8px;text-align:left;vertical-align:top;font-size:14px}
th{background:#fafafa;white-space:nowrap}
.bar{background:#e8e8e8;border-radius:4px;height:14px;width:200px;max-width:40vw;display:inline-block;vertical-align:middle}
.bar span{display:block;height:14px;border-radius:4px;background:#27ae60}
.fever{color:#c0392b;font-weight:bold}
.cards{display:flex;gap:10px;flex-wrap:wrap;margin:8px 0}
.card{background:#fff;padding:10px 14px;border-radius:6px;min-width:100px;font-size:13px;color:#555}
.card b{display:block;font-size:22px;color:#222}
pre{white-space:pre-wrap;margin:0;font-family:inherit;font-size:13px;color:#444}
a{color:#2c6fbb}
form.inline{display:inline}
.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:end;background:#fff;padding:10px;border-radius:6px}
.filters label{display:flex;flex-direction:column;font-size:12px;color:#555;gap:2px}
input,select,textarea,button{font:inherit;font-size:14px}
input,select,textarea{padding:5px 6px;border:1px solid #ccc;border-radius:4px;background:#fff}
button,.button{background:#2c6fbb;color:#fff;border:0;border-radius:4px;padding:6px 12px;cursor:pointer;text-decoration:none;display:inline-block;font-size:14px;line-height:1.4}
button:disabled{opacity:.5;cursor:not-allowed}
button.secondary{background:#7f8c8d}
button.danger{background:#c0392b}
.panel{background:#fff;border-radius:6px;padding:12px 14px;margin:10px 0}
.panel form{display:flex;flex-wrap:wrap;gap:8px;align-items:end;margin:6px 0}
.panel form label{display:flex;flex-direction:column;font-size:12px;color:#555;gap:2px}
.panel form.inline{display:inline-flex;margin:4px 6px 4px 0;vertical-align:middle}
.panel .actions{display:flex;flex-wrap:wrap;gap:6px;align-items:center}
.panel .actions form{margin:0}
input[type=number]{width:90px}
input[name=window]{width:120px}
.msg{padding:8px 12px;border-radius:4px;margin:8px 0}
.msg.ok{background:#e8f6ec;color:#1e7e34}
.msg.err{background:#fdecea;color:#a12a1f}
.muted{color:#888;font-size:12px}
.pager{display:flex;gap:12px;align-items:center;margin:8px 0}
.tag{display:inline-block;padding:1px 6px;border-radius:3px;background:#eef1f5;font-size:12px}
.tag.open{background:#fdecea;color:#a12a1f}.tag.assigned{background:#fff4e0;color:#8a5a00}.tag.visited{background:#e8f0fb;color:#1d4f91}.tag.closed{background:#e8f6ec;color:#1e7e34}
@media (max-width:640px){
 main{padding:10px}
 header{padding:8px 10px}
 table.list thead{display:none}
 table.list tr{display:block;border-bottom:6px solid #f5f6f8;padding:6px 0}
 table.list td{display:block;border:0;padding:3px 10px}
 table.list td[data-label]::before{content:attr(data-label) ":";color:#888;font-size:12px;margin-right:6px}
 .filters label{flex:1 1 40%}
 button,.button{padding:10px 14px}
}
`);

export interface PageOptions {
  title: string;
  scope: Scope | null;
  csrf: string;
  body: Html;
  notice?: { ok: boolean; text: string } | null;
  scripts?: string[];
}

const ROLE_ZH: Record<string, string> = { admin: '管理员', staff: '社区工作人员', grid_worker: '网格员' };

export function page(o: PageOptions): Html {
  const s = o.scope;
  const nav = s
    ? html`<nav style="display:flex;gap:14px;flex-wrap:wrap">
        ${s.role !== 'grid_worker' ? html`<a href="/">今日概况</a><a href="/#rounds">筛查轮次</a>` : ''}
        <a href="/follow-ups">待跟进</a>
        ${s.role !== 'grid_worker' ? html`<a href="/register">导入名单</a>` : ''}
      </nav>
      <span class="who">${s.displayName} · ${ROLE_ZH[s.role] ?? s.role}
        <form method="post" action="/logout"><input type="hidden" name="_csrf" value="${o.csrf}"><button type="submit">退出</button></form></span>`
    : '';
  return html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${o.csrf}">
<title>${o.title} · 体温 tiwen</title><style>${CSS}</style></head>
<body><header><span class="brand">体温 · 社区电话发热筛查</span>${nav}</header>
<main>${o.notice ? html`<div class="msg ${o.notice.ok ? 'ok' : 'err'}">${o.notice.text}</div>` : ''}${o.body}</main>
${(o.scripts ?? []).map((src) => html`<script src="${src}"></script>`)}
</body></html>`;
}
