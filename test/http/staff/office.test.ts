/** Office operations over HTTP: register upload (CSV and .xlsx, all or nothing), rounds from the browser, live view, dashboard. */
import ExcelJS from 'exceljs';
import { loadConfig } from '../../../src/config.js';
import { silentLogger } from '../../../src/log.js';
import { startServer, type Server } from '../../../src/app/runtime.js';
import { addStaff } from '../../../src/app/accounts.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { tempDir } from '../../helpers/files.js';
import { loginAs, type ConsoleClient } from '../../helpers/console.js';

const tmp = tempDir();
let db: TestDatabase;
let server: Server;
let admin: ConsoleClient;

beforeAll(async () => {
  db = await createTestDatabase();
  const config = loadConfig({ DATABASE_URL: db.url }, tmp.dir);
  server = await startServer({ config, logger: silentLogger(), pool: db.pool, authToken: 'tok', port: 0, host: '127.0.0.1' });
  await addStaff(db.pool, { username: 'root', role: 'admin', password: 'root-password-1' });
  admin = await loginAs(server.url, 'root', 'root-password-1');
}, 60_000);
afterAll(async () => {
  await server.close();
  await db.drop();
  tmp.cleanup();
});

async function upload(c: ConsoleClient, community: string, name: string, bytes: Buffer, csrf = c.csrf) {
  const q = new URLSearchParams({ community, name });
  return c.send(`/register?${q}`, { method: 'POST', body: new Uint8Array(bytes), headers: { 'content-type': 'application/octet-stream', 'x-csrf-token': csrf } });
}
const count = async () => (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM residents')).rows[0]!.n;

test('a CSV with a bad row imports nothing and the page shows the line and reason', async () => {
  const csv = Buffer.from('姓名,电话,楼栋,网格\n张三,13800001111,1号楼,一网格\n李四,12345,2号楼,一网格\n');
  const res = await upload(admin, '新村社区', 'register.csv', csv);
  expect(res.status).toBe(303);
  expect(await count()).toBe(0);
  const page = await (await admin.get('/register')).text();
  expect(page).toContain('名单中有 1 行错误,未导入任何数据');
  expect(page).toMatch(/<td data-label="行">3<\/td><td data-label="列">[^<]*<\/td><td data-label="原因">[^<]+/);
});

test('without the CSRF header the upload is refused', async () => {
  const res = await upload(admin, '新村社区', 'r.csv', Buffer.from('电话\n13800001111\n'), 'forged');
  expect(res.status).toBe(403);
  expect(await count()).toBe(0);
});

test('an .xlsx as Excel saves it imports (numbers stay whole)', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('名单');
  ws.addRow(['姓名', '手机号', '楼栋', '单元', '房号', '网格']);
  ws.addRow(['张三', 13800001111, '1号楼', '1单元', '101', '一网格']);
  ws.addRow(['李四', '139 0000 2222', '2号楼', '', '', '二网格']);
  const res = await upload(admin, '新村社区', '名单.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
  expect(res.status).toBe(303);
  const page = await (await admin.get('/register')).text();
  expect(page).toContain('导入完成:新增 2 户');
  const rows = await db.pool.query('SELECT name, phone FROM residents ORDER BY phone');
  expect(rows.rows).toEqual([{ name: '张三', phone: '+8613800001111' }, { name: '李四', phone: '+8613900002222' }]);
});

test('create, start, pause, resume and cancel a round from the browser; the live view answers', async () => {
  const res = await admin.post('/rounds', { community: '新村社区', grids: '一网格', window: '00:00-24:00', maxAttempts: '2', cps: '5', lines: '3' });
  expect(res.status).toBe(303);
  const id = Number(/\/rounds\/(\d+)/.exec(res.headers.get('location')!)![1]);
  const status = async () => (await db.pool.query('SELECT status, grids, max_attempts, lines FROM rounds WHERE id = $1', [id])).rows[0];
  expect(await status()).toEqual({ status: 'created', grids: ['一网格'], max_attempts: 2, lines: 3 });
  for (const [cmd, to] of [['start', 'running'], ['pause', 'paused'], ['resume', 'running'], ['cancel', 'cancelled']] as const) {
    expect((await admin.post(`/rounds/${id}/${cmd}`, {})).status).toBe(303);
    expect((await status()).status).toBe(to);
  }
  const refused = await admin.post(`/rounds/${id}/resume`, {});
  expect(refused.status).toBe(409);
  expect(await refused.text()).toContain('Cannot resume round');
  const live = (await (await admin.get(`/api/rounds/${id}/live`)).json()) as { status: string; households: number; linesInUse: number; callsPerSecond: number };
  expect(live).toMatchObject({ status: 'cancelled', households: 1, linesInUse: 0, callsPerSecond: 0 });
  const bad = await admin.post('/rounds', { community: '新村社区', window: '25:00-26:00' });
  expect(bad.status).toBe(400);
});

test('the dashboard of today lists every grid', async () => {
  const page = await (await admin.get('/')).text();
  expect(page).toContain('今日概况');
  expect(page).toMatch(/<td data-label="网格">一网格<\/td><td data-label="住户">1<\/td>/);
  expect(page).toMatch(/<td data-label="网格">二网格<\/td><td data-label="住户">1<\/td>/);
});
