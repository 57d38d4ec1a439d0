/**
 * Every page and API route × every role: no login → /login (pages) or 401 (API);
 * another community or grid → 403; a missing CSRF token → 403; nothing written then.
 */
import { loadConfig } from '../../../src/config.js';
import { silentLogger } from '../../../src/log.js';
import { startServer, type Server } from '../../../src/app/runtime.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { tempDir } from '../../helpers/files.js';
import { consoleClient, loginAs, type ConsoleClient } from '../../helpers/console.js';
import { PASSWORD, seedConsole, type ConsoleFixture } from '../../helpers/consoleFixture.js';

const tmp = tempDir();
let db: TestDatabase;
let server: Server;
let fx: ConsoleFixture;
const as: Record<string, ConsoleClient> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  const config = loadConfig({ DATABASE_URL: db.url, TIWEN_METRICS_TOKEN: 'scrape-token-0123456789' }, tmp.dir);
  server = await startServer({ config, logger: silentLogger(), pool: db.pool, authToken: 'tok', port: 0, host: '127.0.0.1' });
  fx = await seedConsole(db.pool);
  for (const u of ['admin', 'office', 'office2', 'gw_a', 'gw_b']) as[u] = await loginAs(server.url, u, PASSWORD);
}, 60_000);
afterAll(async () => {
  await server.close();
  await db.drop();
  tmp.cleanup();
});

const auditCount = async () => (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action NOT IN ('login', 'login.failed', 'recording.listen', 'export')`)).rows[0]!.n;

describe('without a login', () => {
  const pages = () => ['/', '/rounds/' + fx.roundId, '/follow-ups', '/households/' + fx.residents.feverA, '/register', `/exports/rounds/${fx.roundId}.xlsx`, '/exports/follow-ups.csv'];
  test('pages redirect to the login form', async () => {
    const anon = consoleClient(server.url);
    for (const p of pages()) {
      const res = await anon.get(p);
      expect([p, res.status]).toEqual([p, 303]);
      expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(p)}`);
    }
  });
  test('the API, recordings and metrics answer 401', async () => {
    const anon = consoleClient(server.url);
    for (const p of ['/api/rounds', `/api/rounds/${fx.roundId}`, `/api/rounds/${fx.roundId}/live`, '/api/follow-ups', `/api/rounds/${fx.roundId}/follow-ups`, '/api/me', `/recordings/${fx.turns.unclearA}`, '/metrics']) {
      const res = await anon.get(p);
      expect([p, res.status]).toEqual([p, 401]);
    }
  });
  test('/healthz stays open; /metrics opens with the scraper token', async () => {
    expect((await fetch(server.url + '/healthz')).status).toBe(200);
    const m = await fetch(server.url + '/metrics', { headers: { authorization: 'Bearer scrape-token-0123456789' } });
    expect(m.status).toBe(200);
    expect(await m.text()).toMatch(/tiwen_webhooks_total|process_cpu/);
    expect((await fetch(server.url + '/metrics', { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
  });
  test('a form post without a session is refused and writes nothing', async () => {
    const before = await auditCount();
    const anon = consoleClient(server.url);
    const res = await anon.post(`/follow-ups/${fx.followUps.feverA}/close`, { note: 'x' }, { csrf: false });
    expect(res.status).toBe(403);
    expect(await auditCount()).toBe(before);
  });
  test('security headers are set and the cookie is HttpOnly, SameSite', async () => {
    const res = await fetch(server.url + '/login');
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.getSetCookie().join(';')).toMatch(/HttpOnly.*SameSite=Lax|SameSite=Lax.*HttpOnly/);
  });
});

describe('scope by role', () => {
  const cases: [string, () => string, Record<string, number>][] = [
    ['dashboard', () => '/', { admin: 200, office: 200, office2: 200, gw_a: 303, gw_b: 303 }],
    ['round page', () => `/rounds/${fx.roundId}`, { admin: 200, office: 200, office2: 403, gw_a: 403, gw_b: 403 }],
    ['rounds API', () => '/api/rounds', { admin: 200, office: 200, office2: 200, gw_a: 403, gw_b: 403 }],
    ['round API', () => `/api/rounds/${fx.roundId}`, { admin: 200, office: 200, office2: 403, gw_a: 403, gw_b: 403 }],
    ['live round API', () => `/api/rounds/${fx.roundId}/live`, { admin: 200, office: 200, office2: 403, gw_a: 403, gw_b: 403 }],
    ['round follow-ups API', () => `/api/rounds/${fx.roundId}/follow-ups`, { admin: 200, office: 200, office2: 403, gw_a: 403, gw_b: 403 }],
    ['household in grid A', () => `/households/${fx.residents.feverA}`, { admin: 200, office: 200, office2: 403, gw_a: 200, gw_b: 403 }],
    ['household in grid B', () => `/households/${fx.residents.unreachableB}`, { admin: 200, office: 200, office2: 403, gw_a: 403, gw_b: 200 }],
    ['household elsewhere', () => `/households/${fx.residents.other}`, { admin: 200, office: 403, office2: 200, gw_a: 403, gw_b: 403 }],
    ['round export', () => `/exports/rounds/${fx.roundId}.csv`, { admin: 200, office: 200, office2: 403, gw_a: 403, gw_b: 403 }],
    ['register upload page', () => '/register', { admin: 200, office: 200, office2: 200, gw_a: 303, gw_b: 303 }],
    ['recording of grid A', () => `/recordings/${fx.turns.unclearA}`, { admin: 404, office: 404, office2: 403, gw_a: 404, gw_b: 403 }],
    ['metrics', () => '/metrics', { admin: 200, office: 403, office2: 403, gw_a: 403, gw_b: 403 }],
    ['follow-up list', () => '/follow-ups', { admin: 200, office: 200, office2: 200, gw_a: 200, gw_b: 200 }],
    ['follow-up list of grid A', () => `/follow-ups?grid=${fx.grids.a}`, { admin: 200, office: 200, office2: 403, gw_a: 200, gw_b: 403 }],
    ['follow-up API of grid B', () => `/api/follow-ups?grid=${fx.grids.b}`, { admin: 200, office: 200, office2: 403, gw_a: 403, gw_b: 200 }],
    ['follow-up list of a round', () => `/follow-ups?round=${fx.roundId}`, { admin: 200, office: 200, office2: 403, gw_a: 200, gw_b: 200 }],
    ['follow-up export of grid A', () => `/exports/follow-ups.xlsx?grid=${fx.grids.a}`, { admin: 200, office: 200, office2: 403, gw_a: 200, gw_b: 403 }],
  ];
  test.each(cases)('%s', async (_name, path, expected) => {
    for (const [user, status] of Object.entries(expected)) {
      const res = await as[user]!.get(path());
      expect([user, res.status]).toEqual([user, status]);
    }
  });

  test('unknown routes: 404 page, JSON for the API', async () => {
    const page = await as.office!.get('/nothing-here');
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('没有这个页面');
    const api = await as.office!.get('/api/nothing');
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: string }).error).toMatch(/No API route/);
  });

  test('the rounds API lists only the account\'s communities', async () => {
    const ids = async (u: string) => ((await (await as[u]!.get('/api/rounds')).json()) as { rounds: { id: number }[] }).rounds.map((r) => r.id).sort((a, b) => a - b);
    expect(await ids('admin')).toEqual([fx.roundId, fx.otherRoundId].sort((a, b) => a - b));
    expect(await ids('office')).toEqual([fx.roundId]);
    expect(await ids('office2')).toEqual([fx.otherRoundId]);
  });

  test('lists hold only what the account may see', async () => {
    const ids = async (u: string) => ((await (await as[u]!.get('/api/follow-ups')).json()) as { items: { id: number }[] }).items.map((i) => i.id).sort((a, b) => a - b);
    const f = fx.followUps;
    expect(await ids('admin')).toEqual([f.feverA, f.unclearA, f.unreachableB, f.other].sort((a, b) => a - b));
    expect(await ids('office')).toEqual([f.feverA, f.unclearA, f.unreachableB].sort((a, b) => a - b));
    expect(await ids('office2')).toEqual([f.other]);
    expect(await ids('gw_a')).toEqual([f.feverA, f.unclearA].sort((a, b) => a - b));
    expect(await ids('gw_b')).toEqual([f.unreachableB]);
  });

  test('grid workers get masked numbers in lists; staff see them in full', async () => {
    const gw = (await (await as.gw_a!.get('/api/follow-ups')).json()) as { items: { phone: string }[] };
    expect(gw.items.every((i) => /^\+?\d{3}\*{4}\d{4}$/.test(i.phone.replace('+86', '')))).toBe(true);
    const office = (await (await as.office!.get('/api/follow-ups')).json()) as { items: { phone: string }[] };
    expect(office.items.map((i) => i.phone)).toContain('+8613800000001');
  });

  test('state changes outside the scope are refused with 403 and write nothing', async () => {
    const before = await auditCount();
    const tries: [string, string, Record<string, string>][] = [
      ['gw_b', `/follow-ups/${fx.followUps.feverA}/visit`, { result: 'false_alarm' }],
      ['office2', `/follow-ups/${fx.followUps.feverA}/close`, {}],
      ['gw_a', `/follow-ups/${fx.followUps.feverA}/assign`, { assignee: '1' }],
      ['gw_a', `/calls/${fx.calls.feverA}/correct`, { outcome: 'no_fever' }],
      ['gw_a', `/calls/${fx.calls.feverA}/call-again`, {}],
      ['office2', `/households/${fx.residents.feverA}/dnc`, { value: '1' }],
      ['gw_b', `/households/${fx.residents.feverA}/phone`, { phone: '13800000009' }],
      ['office2', `/rounds/${fx.roundId}/cancel`, {}],
      ['office2', '/rounds', { community: '幸福社区', window: '00:00-24:00' }],
      ['gw_a', '/rounds', { community: '幸福社区', window: '00:00-24:00' }],
      ['gw_a', `/rounds/${fx.roundId}/start`, {}],
      ['gw_a', '/register?community=%E5%B9%B8%E7%A6%8F%E7%A4%BE%E5%8C%BA', {}],
      ['gw_a', '/follow-ups/bulk-assign', { grid: String(fx.grids.a), community: String(fx.communityId) }],
    ];
    for (const [user, path, form] of tries) {
      const res = await as[user]!.post(path, form);
      expect([user, path, res.status]).toEqual([user, path, 403]);
    }
    expect(await auditCount()).toBe(before);
    const f = await db.pool.query('SELECT status FROM follow_ups WHERE id = $1', [fx.followUps.feverA]);
    expect(f.rows[0].status).toBe('open');
  });

  test('a post with a missing or wrong CSRF token is refused with 403 and writes nothing', async () => {
    const before = await auditCount();
    for (const user of ['admin', 'office', 'gw_a']) {
      const missing = await as[user]!.post(`/follow-ups/${fx.followUps.feverA}/visit`, { result: 'false_alarm' }, { csrf: false });
      expect(missing.status).toBe(403);
      const wrong = await as[user]!.post(`/follow-ups/${fx.followUps.feverA}/visit`, { result: 'false_alarm', _csrf: 'forged' }, { csrf: false });
      expect(wrong.status).toBe(403);
    }
    const viaApi = await as.admin!.send(`/api/follow-ups/${fx.followUps.feverA}/visit`, { method: 'POST', body: JSON.stringify({ result: 'false_alarm' }), headers: { 'content-type': 'application/json' } });
    expect(viaApi.status).toBe(403);
    expect(await auditCount()).toBe(before);
  });

  test('a disabled account is out at its next request', async () => {
    const c = await loginAs(server.url, 'office2', PASSWORD);
    await db.pool.query(`UPDATE staff_users SET disabled = true WHERE username = 'office2'`);
    expect((await c.get('/api/me')).status).toBe(401);
    await db.pool.query(`UPDATE staff_users SET disabled = false WHERE username = 'office2'`);
  });
});

describe('login', () => {
  test('a wrong password is refused; five in a row lock the account', async () => {
    const c = consoleClient(server.url);
    c.csrf = (/name="_csrf" value="([^"]+)"/.exec(await (await c.get('/login')).text()))![1]!;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await c.post('/login', { username: 'gw_b', password: 'wrong-password' })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    // Locked: even the right password is refused until the lock ends (or an admin resets it).
    expect((await c.post('/login', { username: 'gw_b', password: PASSWORD })).status).toBe(429);
    await db.pool.query(`UPDATE staff_users SET locked_until = NULL, failed_logins = 0 WHERE username = 'gw_b'`);
    expect((await c.post('/login', { username: 'gw_b', password: PASSWORD })).status).toBe(303);
  });
  test('the login form needs its CSRF token', async () => {
    const c = consoleClient(server.url);
    await c.get('/login');
    expect((await c.post('/login', { username: 'admin', password: PASSWORD }, { csrf: false })).status).toBe(403);
  });
  test('after login the next page is a local path only', async () => {
    const c = consoleClient(server.url);
    const page = await (await c.get('/login?next=//evil.example/x')).text();
    expect(page).toContain('name="next" value="/"');
  });
});
