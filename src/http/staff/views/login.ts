import { html, type Html } from '../../html.js';
import { page } from './layout.js';

export function loginPage(o: { csrf: string; next: string; error: string | null; username?: string }): Html {
  return page({
    title: '登录',
    scope: null,
    csrf: o.csrf,
    notice: o.error ? { ok: false, text: o.error } : null,
    body: html`<div class="panel" style="max-width:380px;margin:40px auto">
  <h2>工作人员登录</h2>
  <form method="post" action="/login" style="flex-direction:column;align-items:stretch">
    <input type="hidden" name="_csrf" value="${o.csrf}">
    <input type="hidden" name="next" value="${o.next}">
    <label>用户名 <input name="username" autocomplete="username" required value="${o.username ?? ''}"></label>
    <label>密码 <input name="password" type="password" autocomplete="current-password" required></label>
    <button type="submit">登录</button>
  </form>
  <p class="muted">账号由管理员用 <code>tiwen staff add</code> 创建。</p>
</div>`,
  });
}
