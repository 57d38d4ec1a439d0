/**
 * The console's only script, served from /static/console.js (the Content-Security-Policy
 * allows scripts from this origin only). It builds DOM with textContent, never innerHTML.
 */
export const CONSOLE_JS = `(() => {
  const csrf = document.querySelector('meta[name="csrf-token"]')?.content ?? '';
  const OUT = { fever: '发烧', no_fever: '无发烧', unclear: '未明确', unreachable: '未接通', callback: '要求回电', wrong_number: '号码错误', refused: '拒绝回答' };
  const ST = { created: '未开始', running: '进行中', paused: '已暂停', completed: '已完成', cancelled: '已取消' };
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    for (const k of kids) e.append(k instanceof Node ? k : document.createTextNode(String(k)));
    return e;
  }
  const card = (label, value, cls) => el('div', { class: 'card' }, label, el('b', cls ? { class: cls } : {}, value));

  const live = document.getElementById('live');
  if (live) {
    const id = live.dataset.round;
    const statusEl = document.getElementById('round-status');
    const tick = async () => {
      let s;
      try {
        const r = await fetch('/api/rounds/' + id + '/live', { headers: { accept: 'application/json' } });
        if (!r.ok) throw new Error(String(r.status));
        s = await r.json();
      } catch { return setTimeout(tick, 3000); }
      if (statusEl && statusEl.dataset.status !== s.status) { location.reload(); return; }
      const done = (s.calls.done || 0) + (s.calls.cancelled || 0);
      const pct = s.households ? Math.round((100 * done) / s.households) : 0;
      const bar = el('span', { class: 'bar' }, el('span', { style: 'width:' + pct + '%' }));
      const cards = el('div', { class: 'cards', id: 'live-cards' },
        card('住户', s.households), card('已完成', done), card('待拨打', s.calls.pending || 0),
        card('使用线路', s.linesInUse + ' / ' + s.lines), card('每秒呼叫', s.callsPerSecond + ' / ' + s.cps), card('拨打次数', s.attempts),
        ...Object.entries(s.outcomes).map(([k, v]) => card(OUT[k] || k, v, k === 'fever' ? 'fever' : '')));
      const rows = s.fevers.map((f) => el('tr', {}, el('td', {}, el('a', { href: '/households/' + f.residentId }, f.name || '(无姓名)')), el('td', {}, f.grid || '—'),
        el('td', { class: 'fever' }, f.temperatureC != null ? f.temperatureC + '℃' : '—'), el('td', {}, f.at ? new Date(f.at).toLocaleTimeString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' }) : '')));
      live.replaceChildren(el('p', {}, bar, ' ' + pct + '% · ' + (ST[s.status] || s.status)), cards,
        el('h3', {}, '最新发烧住户'), rows.length ? el('table', { class: 'list', id: 'fevers' }, el('tbody', {}, ...rows)) : el('p', { class: 'muted' }, '暂无'));
      live.dataset.updated = String(Date.now());
      if (s.status === 'running' || s.status === 'created' || s.status === 'paused') setTimeout(tick, 1000);
    };
    tick();
  }

  const up = document.querySelector('form[data-upload]');
  if (up) up.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const file = up.querySelector('input[type=file]').files[0];
    if (!file) return;
    const community = up.querySelector('input[name=community]').value;
    const q = new URLSearchParams({ community, name: file.name });
    const btn = up.querySelector('button');
    btn.disabled = true;
    btn.textContent = '正在导入…';
    await fetch('/register?' + q, { method: 'POST', body: file, redirect: 'manual', headers: { 'content-type': 'application/octet-stream', 'x-csrf-token': csrf } });
    location.assign('/register');
  });
})();
`;
