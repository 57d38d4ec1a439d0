/**
 * The staff web page (Simplified Chinese), read-only for now: rounds with their
 * progress, and a round's follow-up list with transcripts. Server-rendered HTML; the
 * page refreshes itself while a round is running.
 */
import express, { type Router } from 'express';
import type pg from 'pg';
import { roundList, roundStatus } from '../app/rounds.js';
import { listFollowUps } from '../adapters/store/postgres/followUps.js';
import { maskPhone } from '../util/mask.js';

const STATUS_ZH: Record<string, string> = { created: '未开始', running: '进行中', paused: '已暂停', completed: '已完成', cancelled: '已取消' };
const OUTCOME_ZH: Record<string, string> = {
  fever: '发烧',
  no_fever: '无发烧',
  unclear: '未明确',
  unreachable: '未接通',
  callback: '要求回电',
  wrong_number: '号码错误',
  refused: '拒绝回答',
};
const REASON_ZH: Record<string, string> = { fever: '发烧', unclear: '未明确', unreachable: '未接通,需上门', wrong_number: '号码错误' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function layout(title: string, body: string, refresh: boolean): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
${refresh ? '<meta http-equiv="refresh" content="2">' : ''}
<title>${escapeHtml(title)} · 体温 tiwen</title>
<style>
body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:0;background:#f5f6f8;color:#222}
header{background:#c0392b;color:#fff;padding:12px 24px;font-size:20px}
main{padding:16px 24px;max-width:1200px}
table{border-collapse:collapse;width:100%;background:#fff;margin:12px 0}
th,td{border-bottom:1px solid #e3e3e3;padding:8px;text-align:left;vertical-align:top;font-size:14px}
th{background:#fafafa}
.bar{background:#e8e8e8;border-radius:4px;height:14px;width:220px;display:inline-block;vertical-align:middle}
.bar span{display:block;height:14px;border-radius:4px;background:#27ae60}
.fever{color:#c0392b;font-weight:bold}
.cards{display:flex;gap:12px;flex-wrap:wrap}
.card{background:#fff;padding:12px 16px;border-radius:6px;min-width:110px}
.card b{display:block;font-size:22px}
pre{white-space:pre-wrap;margin:0;font-family:inherit;font-size:13px;color:#444}
a{color:#2c6fbb}
</style></head><body><header>体温 · 社区电话发热筛查</header><main>${body}</main></body></html>`;
}

export function pagesRouter(pool: pg.Pool): Router {
  const router = express.Router();

  router.get('/', async (_req, res) => {
    const rounds = await roundList(pool);
    const rows = rounds
      .map((r) => {
        const pct = r.households ? Math.round((100 * r.done) / r.households) : 0;
        return `<tr><td><a href="/rounds/${r.id}">第 ${r.id} 轮</a></td><td>${escapeHtml(r.community)}</td><td>${STATUS_ZH[r.status] ?? r.status}</td>
<td><span class="bar"><span style="width:${pct}%"></span></span> ${r.done} / ${r.households}</td><td>${escapeHtml(r.window)}</td><td>${new Date(r.createdAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}</td></tr>`;
      })
      .join('');
    const body = rounds.length
      ? `<h2>筛查轮次</h2><table><tr><th>轮次</th><th>社区</th><th>状态</th><th>进度</th><th>拨打时段</th><th>创建时间</th></tr>${rows}</table>`
      : '<p>还没有筛查轮次。导入居民名单后创建一轮筛查。</p>';
    res.type('html').send(layout('筛查轮次', body, rounds.some((r) => r.status === 'running')));
  });

  router.get('/rounds/:id', async (req, res) => {
    const id = Number(req.params.id);
    const s = await roundStatus(pool, id);
    const followUps = await listFollowUps(pool, id);
    const done = s.calls.done ?? 0;
    const cards = [
      ['住户', s.households],
      ['已完成', done],
      ['待拨打', s.calls.pending ?? 0],
      ['通话中', (s.calls.dialing ?? 0) + (s.calls.in_progress ?? 0)],
      ['拨打次数', s.attempts],
      ...Object.entries(s.outcomes).map(([k, v]) => [OUTCOME_ZH[k] ?? k, v] as const),
    ]
      .map(([label, n]) => `<div class="card">${escapeHtml(String(label))}<b>${n}</b></div>`)
      .join('');
    const items = followUps
      .map(
        (f) => `<tr><td class="${f.reason === 'fever' ? 'fever' : ''}">${REASON_ZH[f.reason] ?? f.reason}${f.temperature_c != null ? ` ${f.temperature_c}℃` : ''}</td>
<td>${escapeHtml(f.name || '—')}<br>${escapeHtml(maskPhone(f.phone))}</td><td>${escapeHtml([f.building, f.unit, f.room].filter(Boolean).join(' ') || '—')}</td>
<td>${escapeHtml(f.grid ?? '—')}</td><td><pre>${escapeHtml(f.transcript || '—')}</pre></td><td>${f.status === 'open' ? '待处理' : f.status === 'assigned' ? '已分派' : '已关闭'}</td></tr>`,
      )
      .join('');
    const body = `<p><a href="/">← 全部轮次</a></p><h2>第 ${s.id} 轮 · ${escapeHtml(s.community)} · ${STATUS_ZH[s.status] ?? s.status}</h2>
<div class="cards">${cards}</div>
<h3>待跟进 (${followUps.length})</h3>
${followUps.length ? `<table><tr><th>原因</th><th>住户</th><th>地址</th><th>网格</th><th>通话记录</th><th>状态</th></tr>${items}</table>` : '<p>暂无需要跟进的住户。</p>'}`;
    res.type('html').send(layout(`第 ${s.id} 轮`, body, s.status === 'running'));
  });
  return router;
}
