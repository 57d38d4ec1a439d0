/** One household: register entry, rounds and attempts, turns, follow-ups, actions. */
import type { Scope } from '../../../app/accounts.js';
import type { householdView } from '../../../app/households.js';
import { OUTCOMES } from '../../../app/households.js';
import { VISIT_RESULTS } from '../../../app/followUps.js';
import { html, type Html } from '../../html.js';
import { ACTION_ZH, address, ANSWERED_BY_ZH, ATTEMPT_ZH, OUTCOME_ZH, REASON_ZH, ROUND_STATUS_ZH, STATUS_ZH, VISIT_ZH, when } from './labels.js';

type View = Awaited<ReturnType<typeof householdView>>;

export function householdBody(o: { scope: Scope; csrf: string; v: View; workers: { id: number; username: string; display_name: string }[] }): Html {
  const { household: h, calls, attempts, turns, followUps, history } = o.v;
  const office = o.scope.role !== 'grid_worker';
  const csrf = html`<input type="hidden" name="_csrf" value="${o.csrf}">`;
  const tz = h.timezone;
  return html`<p><a href="/follow-ups">← 待跟进</a></p>
<h2 id="household-name">${h.name || '(无姓名)'} <span class="muted">${h.community} · ${h.grid ?? '未分网格'}</span></h2>
<div class="panel" id="register-entry">
  <div>地址:${address(h)}</div>
  <div>电话:<a href="tel:${h.phone}">${h.phone}</a> ${h.do_not_call ? html`<span class="tag open">免打扰</span>` : ''}</div>
  <div>最近结果:${h.last_status ? OUTCOME_ZH[h.last_status] ?? h.last_status : '—'}${h.last_temperature_c != null ? ` ${h.last_temperature_c}℃` : ''} <span class="muted">${when(h.last_screened_at, tz)}</span></div>
  <form method="post" action="/households/${h.id}/phone">${csrf}<label>更正号码 <input name="phone" inputmode="tel" placeholder="新号码"></label><button type="submit" class="secondary">保存号码</button></form>
  <form method="post" action="/households/${h.id}/dnc">${csrf}<input type="hidden" name="value" value="${h.do_not_call ? '0' : '1'}"><button type="submit" class="secondary">${h.do_not_call ? '取消免打扰' : '设为免打扰'}</button></form>
</div>
<h3>跟进事项</h3>
${followUps.length === 0 ? html`<p class="muted">没有跟进事项。</p>` : ''}
${followUps.map(
  (f) => html`<div class="panel follow-up" data-id="${f.id}">
  <div><b>第 ${f.round_id} 轮 · ${REASON_ZH[f.reason] ?? f.reason}</b> <span class="tag ${f.status}">${STATUS_ZH[f.status] ?? f.status}</span>
  ${f.assignee ? html` 负责人:${f.assignee}` : ''}${f.due_at ? html` · 期限 ${when(f.due_at, tz)}` : ''}${f.visit_result ? html` · ${VISIT_ZH[f.visit_result]}` : ''}</div>
  ${f.note ? html`<div class="muted">备注:${f.note}</div>` : ''}
  ${office && f.status !== 'closed'
    ? o.workers.length
      ? html`<form method="post" action="/follow-ups/${f.id}/assign" class="assign">${csrf}<label>分派给 <select name="assignee">${o.workers.map((w) => html`<option value="${w.id}">${w.display_name || w.username}</option>`)}</select></label>
      <label>完成期限 <input type="datetime-local" name="due"></label><label>备注 <input name="note"></label><button type="submit">分派</button></form>`
      : html`<p class="muted">该网格还没有网格员账号,无法分派(管理员可用 tiwen staff add --role grid_worker 创建)。</p>`
    : ''}
  ${f.status !== 'closed'
    ? html`<form method="post" action="/follow-ups/${f.id}/visit" class="visit">${csrf}<label>走访结果 <select name="result" required><option value="">请选择</option>${VISIT_RESULTS.map((r) => html`<option value="${r}">${VISIT_ZH[r]}</option>`)}</select></label>
      <label>备注 <input name="note"></label><button type="submit">记录走访</button></form>
      <form method="post" action="/follow-ups/${f.id}/close" class="close">${csrf}<label>备注 <input name="note"></label><button type="submit" class="secondary">关闭</button></form>`
    : html`<form method="post" action="/follow-ups/${f.id}/reopen" class="reopen">${csrf}<label>备注 <input name="note"></label><button type="submit" class="secondary">重新打开</button></form>`}
</div>`,
)}
<h3>通话</h3>
${calls.map((c) => {
  const as = attempts.filter((a) => a.call_id === c.id);
  return html`<div class="panel call" data-call="${c.id}">
  <div><b>第 ${c.round_id} 轮</b> (${ROUND_STATUS_ZH[c.round_status] ?? c.round_status}) · 结果:<b class="${c.outcome === 'fever' ? 'fever' : ''}">${c.outcome ? OUTCOME_ZH[c.outcome] ?? c.outcome : '未完成'}</b>${c.temperature_c != null ? ` ${c.temperature_c}℃` : ''} · 已拨 ${c.attempts} / ${c.max_attempts} 次</div>
  <table class="list"><thead><tr><th>#</th><th>时间</th><th>运营商状态</th><th>时长</th><th>接听方</th><th>结论</th></tr></thead><tbody>
  ${as.map(
    (a) => html`<tr><td data-label="#">${a.attempt_no}</td><td data-label="时间">${when(a.placed_at ?? a.created_at, tz)}</td><td data-label="运营商状态">${ATTEMPT_ZH[a.status] ?? a.status}</td>
    <td data-label="时长">${a.duration_s != null ? `${a.duration_s} 秒` : '—'}</td><td data-label="接听方">${a.answered_by ? ANSWERED_BY_ZH[a.answered_by] ?? a.answered_by : '—'}</td><td data-label="结论">${a.result ? OUTCOME_ZH[a.result] ?? a.result : '—'}</td></tr>
    ${turns.filter((t) => t.attempt_id === a.id).map(
      (t) => html`<tr class="turn"><td></td><td colspan="5" data-label="对话"><div class="muted">问:${t.prompt_text || t.prompt}</div>
      <div>答:<span class="transcript">${t.transcript ?? '—'}</span>${t.digits ? html` 按键 <b>${t.digits}</b>` : ''}
      ${t.confidence != null ? html` <span class="muted">置信度 ${t.confidence.toFixed(2)}</span>` : ''}</div>
      ${t.classification ? html`<div class="muted">识别:${t.classification.label ? OUTCOME_ZH[t.classification.label] ?? t.classification.label : '—'}${t.classification.temperatureC != null ? ` ${t.classification.temperatureC}℃` : ''} · 规则 ${t.classification.rule ?? '—'}</div>` : ''}
      ${t.recording_url ? html`<audio controls preload="none" src="/recordings/${t.id}"></audio>` : ''}</td></tr>`,
    )}`,
  )}
  </tbody></table>
  ${office && c.status === 'done'
    ? html`<form method="post" action="/calls/${c.id}/correct" class="correct">${csrf}<label>更正结果 <select name="outcome">${OUTCOMES.map((x) => html`<option value="${x}" ${x === c.outcome ? html`selected` : ''}>${OUTCOME_ZH[x]}</option>`)}</select></label>
      <label>体温 ℃ <input name="temperature" size="5" inputmode="decimal"></label><label>备注 <input name="note"></label><button type="submit">保存更正</button></form>`
    : ''}
  ${office && c.round_status !== 'cancelled' && !h.do_not_call && c.status !== 'dialing' && c.status !== 'in_progress'
    ? html`<form method="post" action="/calls/${c.id}/call-again" class="call-again">${csrf}<button type="submit" class="secondary">立即重拨</button></form>`
    : ''}
</div>`;
})}
<h3>处理记录</h3>
<table class="list" id="history"><tbody>${history.map(
  (e) => html`<tr><td data-label="时间">${when(e.at, tz)}</td><td data-label="操作人">${e.actor}</td><td data-label="操作">${ACTION_ZH[e.action] ?? e.action}</td>
  <td data-label="说明">${[e.detail.result ? VISIT_ZH[String(e.detail.result)] : '', e.detail.to && e.action === 'call.correct' ? `${OUTCOME_ZH[String(e.detail.from)] ?? '—'} → ${OUTCOME_ZH[String(e.detail.to)]}` : '', e.detail.assignee ? `→ ${String(e.detail.assignee)}` : '', e.detail.note ? String(e.detail.note) : ''].filter(Boolean).join(' · ')}</td></tr>`,
)}</tbody></table>`;
}
