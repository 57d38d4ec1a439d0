/**
 * The follow-up workflow through the console's forms: assign, visit, close, reopen,
 * bulk assign, correct a result, call again, do-not-call, fix a phone; lists with
 * filters and paging; exports; hostile text shown as text everywhere.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { loadConfig } from '../../../src/config.js';
import { silentLogger } from '../../../src/log.js';
import { startServer, type Server } from '../../../src/app/runtime.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { tempDir } from '../../helpers/files.js';
import { loginAs, type ConsoleClient } from '../../helpers/console.js';
import { PASSWORD, seedConsole, XSS, type ConsoleFixture } from '../../helpers/consoleFixture.js';

const tmp = tempDir();
let db: TestDatabase;
let server: Server;
let fx: ConsoleFixture;
let office: ConsoleClient;
let gwA: ConsoleClient;

beforeAll(async () => {
  db = await createTestDatabase();
  const config = loadConfig({ DATABASE_URL: db.url }, tmp.dir);
  // The speech work provides the real source; here a turn of grid A has a short recording.
  const recordings = async (turnId: number) => (turnId === fx.turns.unclearA ? { contentType: 'audio/wav', body: Readable.from([Buffer.from('RIFF-test-audio')]) } : null);
  server = await startServer({ config, logger: silentLogger(), pool: db.pool, authToken: 'tok', port: 0, host: '127.0.0.1', recordings });
  fx = await seedConsole(db.pool);
  office = await loginAs(server.url, 'office', PASSWORD);
  gwA = await loginAs(server.url, 'gw_a', PASSWORD);
}, 60_000);
afterAll(async () => {
  await server.close();
  await db.drop();
  tmp.cleanup();
});

const followUp = async (id: number) => (await db.pool.query('SELECT f.*, u.username AS assignee FROM follow_ups f LEFT JOIN staff_users u ON u.id = f.assignee_id WHERE f.id = $1', [id])).rows[0];
const userId = async (name: string) => (await db.pool.query<{ id: number }>('SELECT id FROM staff_users WHERE username = $1', [name])).rows[0]!.id;

test('assign → visit → close → reopen, each with an audit line (who, note)', async () => {
  const id = fx.followUps.unclearA;
  expect((await office.post(`/follow-ups/${id}/assign`, { assignee: String(await userId('gw_a')), due: '2026-12-03T18:00', note: '请今天上门' })).status).toBe(303);
  expect(await followUp(id)).toMatchObject({ status: 'assigned', assignee: 'gw_a' });
  expect((await gwA.post(`/follow-ups/${id}/visit`, { result: 'false_alarm', note: '家中无人发烧' })).status).toBe(303);
  expect(await followUp(id)).toMatchObject({ status: 'visited', visit_result: 'false_alarm' });
  expect((await office.post(`/follow-ups/${id}/close`, { note: '核实完毕' })).status).toBe(303);
  expect((await followUp(id)).status).toBe('closed');
  expect((await office.post(`/follow-ups/${id}/reopen`, { note: '复查' })).status).toBe(303);
  expect((await followUp(id)).status).toBe('open');
  const log = await db.pool.query(`SELECT actor, action, detail->>'note' AS note FROM audit_log WHERE entity = 'follow_up' AND entity_id = $1 ORDER BY id`, [String(id)]);
  expect(log.rows).toEqual([
    { actor: 'office', action: 'follow_up.assign', note: '请今天上门' },
    { actor: 'gw_a', action: 'follow_up.visit', note: '家中无人发烧' },
    { actor: 'office', action: 'follow_up.close', note: '核实完毕' },
    { actor: 'office', action: 'follow_up.reopen', note: '复查' },
  ]);
  const page = await (await office.get(`/households/${fx.residents.unclearA}`)).text();
  expect(page).toContain('走访记录');
  expect(page).toContain('家中无人发烧');
});

test('a grid worker cannot be given another grid\'s household', async () => {
  const res = await office.post(`/follow-ups/${fx.followUps.unreachableB}/assign`, { assignee: String(await userId('gw_a')) });
  expect(res.status).toBe(400);
  expect((await followUp(fx.followUps.unreachableB)).status).toBe('open');
});

test('bulk assign: every open item of a grid to its grid worker in one action', async () => {
  await db.pool.query(`UPDATE follow_ups SET status = 'open', assignee_id = NULL WHERE grid_id = $1`, [fx.grids.a]);
  const res = await office.post('/follow-ups/bulk-assign', { grid: String(fx.grids.a), community: String(fx.communityId) });
  expect(res.status).toBe(303);
  const rows = await db.pool.query(`SELECT f.status, u.username FROM follow_ups f LEFT JOIN staff_users u ON u.id = f.assignee_id WHERE f.grid_id = $1`, [fx.grids.a]);
  expect(rows.rows).toEqual([{ status: 'assigned', username: 'gw_a' }, { status: 'assigned', username: 'gw_a' }]);
  expect((await followUp(fx.followUps.unreachableB)).status).toBe('open');
});

test('lists filter, search and page with counts (no silent cap)', async () => {
  const more = await db.pool.query<{ id: number }>(`SELECT id FROM residents WHERE id = $1`, [fx.residents.unreachableB]);
  expect(more.rowCount).toBe(1);
  // 120 more unreachable items in grid B: three pages of 50.
  await db.pool.query(
    `WITH r AS (INSERT INTO residents (community_id, grid_id, name, phone) SELECT $1, $2, '住户' || i, '+8617000' || lpad(i::text, 6, '0') FROM generate_series(1, 120) i RETURNING id),
          c AS (INSERT INTO calls (round_id, resident_id, status, attempts, outcome, finished_at) SELECT $3, id, 'done', 3, 'unreachable', now() FROM r RETURNING id, resident_id)
     INSERT INTO follow_ups (community_id, round_id, call_id, resident_id, grid_id, reason) SELECT $1, $3, c.id, c.resident_id, $2, 'unreachable' FROM c`,
    [fx.communityId, fx.grids.b, fx.roundId],
  );
  const get = async (q: string) => (await (await office.get(`/api/follow-ups?${q}`)).json()) as { total: number; pages: number; page: number; items: { name: string; reason: string }[]; byStatus: Record<string, number> };
  const all = await get(`grid=${fx.grids.b}`);
  expect(all).toMatchObject({ total: 121, pages: 3, page: 1 });
  expect(all.items).toHaveLength(50);
  expect((await get(`grid=${fx.grids.b}&page=3`)).items).toHaveLength(21);
  expect((await get('reason=fever')).total).toBe(1);
  expect((await get('q=李四')).items.map((i) => i.name)).toEqual(['李四']);
  expect((await get('q=800000003')).items.map((i) => i.name)).toEqual(['王五']);
  expect((await get('q=7号楼')).items.map((i) => i.name)).toEqual(['王五']);
  expect((await get(`round=${fx.roundId}&status=assigned`)).total).toBe(2);
  const html = await (await office.get(`/follow-ups?grid=${fx.grids.b}&page=2`)).text();
  expect(html).toContain('共 121 项');
  expect(html).toContain('第 2 / 3 页');
  expect((await office.get('/api/follow-ups?reason=nonsense')).status).toBe(400);
});

test('correcting a result keeps the original classification; the register follows', async () => {
  const res = await office.post(`/calls/${fx.calls.unclearA}/correct`, { outcome: 'no_fever', note: '录音里是“没有”' });
  expect(res.status).toBe(303);
  const call = (await db.pool.query('SELECT outcome FROM calls WHERE id = $1', [fx.calls.unclearA])).rows[0];
  expect(call.outcome).toBe('no_fever');
  expect((await db.pool.query('SELECT last_status FROM residents WHERE id = $1', [fx.residents.unclearA])).rows[0].last_status).toBe('no_fever');
  const c = (await db.pool.query('SELECT original_outcome, corrected_outcome, original_turns, actor FROM corrections WHERE call_id = $1', [fx.calls.unclearA])).rows[0];
  expect(c).toMatchObject({ original_outcome: 'unclear', corrected_outcome: 'no_fever', actor: 'office' });
  expect(c.original_turns[0]).toMatchObject({ transcript: '没有', classification: { label: 'unclear', rule: 'test-rule' } });
  expect((await office.post(`/calls/${fx.calls.unclearA}/correct`, { outcome: 'no_fever', temperature: '38.5' })).status).toBe(400);
});

test('call again now queues one more attempt and reopens the finished round', async () => {
  expect((await office.post(`/calls/${fx.calls.unreachableB}/call-again`, {})).status).toBe(303);
  const c = (await db.pool.query('SELECT c.status, c.attempts, r.status AS round FROM calls c JOIN rounds r ON r.id = c.round_id WHERE c.id = $1', [fx.calls.unreachableB])).rows[0];
  expect(c).toEqual({ status: 'pending', attempts: 1, round: 'running' }); // below max_attempts 3: one more dial
});

test('do-not-call and phone fixes, with clear refusals', async () => {
  expect((await office.post(`/households/${fx.residents.feverA}/dnc`, { value: '1' })).status).toBe(303);
  expect((await db.pool.query('SELECT do_not_call FROM residents WHERE id = $1', [fx.residents.feverA])).rows[0].do_not_call).toBe(true);
  expect((await office.post(`/calls/${fx.calls.feverA}/call-again`, {})).status).toBe(409);
  expect((await office.post(`/households/${fx.residents.feverA}/phone`, { phone: '138 0000 0099' })).status).toBe(303);
  expect((await db.pool.query('SELECT phone FROM residents WHERE id = $1', [fx.residents.feverA])).rows[0].phone).toBe('+8613800000099');
  expect((await office.post(`/households/${fx.residents.feverA}/phone`, { phone: '13800000002' })).status).toBe(409);
  expect((await office.post(`/households/${fx.residents.feverA}/phone`, { phone: '12345' })).status).toBe(400);
});

test('hostile names, addresses and transcripts are shown as text on every page', async () => {
  for (const path of ['/follow-ups', `/households/${fx.residents.feverA}`, `/follow-ups?q=${encodeURIComponent('张')}`]) {
    const html = await (await office.get(path)).text();
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
  }
  const live = await (await office.get(`/api/rounds/${fx.roundId}/live`)).json() as { fevers: { name: string }[] };
  expect(live.fevers[0]!.name).toBe(`张${XSS}`); // JSON carries the text; the page script puts it in with textContent
});

test('exports: xlsx with Chinese headers per grid, CSV with BOM, both audited, text as text', async () => {
  const x = await office.get(`/exports/rounds/${fx.roundId}.xlsx`);
  expect(x.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await x.arrayBuffer()) as unknown as ArrayBuffer);
  expect(wb.worksheets.map((w) => w.name)).toEqual(['一网格', '二网格']);
  const a = wb.getWorksheet('一网格')!;
  expect(a.getRow(1).values).toEqual([undefined, '网格', '姓名', '电话', '楼栋', '单元', '房号', '状态', '结果', '体温(℃)', '拨打次数', '完成时间']);
  const names = [2, 3].map((r) => a.getRow(r).getCell(2).value);
  expect(names).toContain(`张${XSS}`);
  expect(a.getRow(2).getCell(2).formula).toBeUndefined();
  const csv = Buffer.from(await (await office.get('/exports/follow-ups.csv?reason=fever')).arrayBuffer());
  expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = csv.toString('utf8');
  expect(text.split('\r\n')[0]).toBe('\ufeff网格,轮次,原因,体温(℃),姓名,电话,楼栋,单元,房号,状态,负责人,完成期限,走访结果,备注,通话记录');
  expect(text).toContain('+8613800000099');
  const masked = (await (await gwA.get('/exports/follow-ups.csv')).text());
  expect(masked).not.toMatch(/\+86138000000\d\d/);
  expect(masked).toMatch(/138\*{4}00\d\d/);
  const audited = await db.pool.query(`SELECT actor, detail->>'format' AS format FROM audit_log WHERE action = 'export' ORDER BY id`);
  expect(audited.rows).toEqual([{ actor: 'office', format: 'xlsx' }, { actor: 'office', format: 'csv' }, { actor: 'gw_a', format: 'csv' }]);
});

test('a turn with a recording gets a player; listening is scoped and audited', async () => {
  await db.pool.query(`UPDATE turns SET recording_url = 'https://api.twilio.com/rec/RE1' WHERE id = $1`, [fx.turns.unclearA]);
  const page = await (await gwA.get(`/households/${fx.residents.unclearA}`)).text();
  expect(page).toContain(`<audio controls preload="none" src="/recordings/${fx.turns.unclearA}"></audio>`);
  const res = await gwA.get(`/recordings/${fx.turns.unclearA}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('audio/wav');
  expect(await res.text()).toBe('RIFF-test-audio');
  const audited = await db.pool.query(`SELECT actor, detail->>'turnId' AS turn FROM audit_log WHERE action = 'recording.listen'`);
  expect(audited.rows).toEqual([{ actor: 'gw_a', turn: String(fx.turns.unclearA) }]);
  const gwB = await loginAs(server.url, 'gw_b', PASSWORD);
  expect((await gwB.get(`/recordings/${fx.turns.unclearA}`)).status).toBe(403);
});
