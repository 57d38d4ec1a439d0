/** tiwen staff add|list|disable|passwd, with the interface scripts rely on. */
import bcrypt from 'bcryptjs';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { tiwen } from '../helpers/cli.js';

let db: TestDatabase;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  db = await createTestDatabase();
  env = { DATABASE_URL: db.url };
  const c = await db.pool.query<{ id: number }>(`INSERT INTO communities (name) VALUES ('幸福社区') RETURNING id`);
  await db.pool.query(`INSERT INTO grids (community_id, name) VALUES ($1, '一网格'), ($1, '二网格')`, [c.rows[0]!.id]);
});
afterAll(() => db.drop());

test('add an admin, a staff member and a grid worker; list them', async () => {
  const admin = await tiwen(['staff', 'add', '--username', 'root', '--role', 'admin', '--password-stdin', '--json'], env, 'admin-password-1\n');
  expect(admin.code).toBe(0);
  expect(admin.json).toMatchObject({ username: 'root', role: 'admin', communities: [], grids: [], disabled: false });
  const staff = await tiwen(['staff', 'add', '--username', 'chen', '--role', 'staff', '--community', '幸福社区', '--password-stdin', '--json'], env, 'staff-password-1');
  expect(staff.json).toMatchObject({ username: 'chen', role: 'staff', communities: ['幸福社区'] });
  const gw = await tiwen(['staff', 'add', '--username', 'wang', '--role', 'grid_worker', '--community', '幸福社区', '--grid', '一网格', '--grid', '二网格', '--password-stdin', '--json'], env, 'grid-password-1\n');
  expect(gw.json).toMatchObject({ username: 'wang', role: 'grid_worker', communities: ['幸福社区'], grids: ['一网格', '二网格'] });
  const hash = (await db.pool.query(`SELECT password_hash FROM staff_users WHERE username = 'wang'`)).rows[0].password_hash as string;
  expect(hash).toMatch(/^\$2[aby]\$10\$/);
  expect(await bcrypt.compare('grid-password-1', hash)).toBe(true);
  const list = await tiwen(['staff', 'list', '--json'], env);
  expect((list.json as { staff: { username: string }[] }).staff.map((s) => s.username)).toEqual(['chen', 'root', 'wang']);
  const text = await tiwen(['staff', 'list'], env);
  expect(text.stdout).toContain('wang\tgrid_worker\t幸福社区: 一网格, 二网格');
});

test('bad input is refused with what and how, and nothing is written', async () => {
  const cases: [string[], string | undefined, RegExp][] = [
    [['--username', 'x1', '--role', 'boss'], 'password-123', /Role "boss" does not exist[\s\S]*admin, staff, grid_worker/],
    [['--username', 'x2', '--role', 'staff'], 'password-123', /needs its community/],
    [['--username', 'x3', '--role', 'staff', '--community', '火星社区'], 'password-123', /Community "火星社区" does not exist/],
    [['--username', 'x4', '--role', 'grid_worker', '--community', '幸福社区', '--grid', '九网格'], 'password-123', /Grid "九网格" not found/],
    [['--username', 'x5', '--role', 'admin'], 'short', /too short/],
    [['--username', 'x6', '--role', 'admin'], undefined, /must come from stdin/],
    [['--username', 'root', '--role', 'admin'], 'password-123', /already exists/],
  ];
  for (const [args, stdin, message] of cases) {
    const r = await tiwen(['staff', 'add', ...args, ...(stdin !== undefined ? ['--password-stdin'] : [])], env, stdin ?? '');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
  }
  const n = (await db.pool.query(`SELECT count(*)::int AS n FROM staff_users WHERE username LIKE 'x%'`)).rows[0].n;
  expect(n).toBe(0);
});

test('disable, enable and passwd (which also lifts a lock)', async () => {
  const d = await tiwen(['staff', 'disable', 'wang', '--json'], env);
  expect(d.json).toMatchObject({ username: 'wang', disabled: true });
  const e = await tiwen(['staff', 'disable', '--username', 'wang', '--enable', '--json'], env);
  expect(e.json).toMatchObject({ disabled: false });
  await db.pool.query(`UPDATE staff_users SET failed_logins = 5, locked_until = now() + interval '1 hour' WHERE username = 'wang'`);
  const p = await tiwen(['staff', 'passwd', 'wang', '--password-stdin', '--json'], env, 'new-password-9\n');
  expect(p.code).toBe(0);
  expect(p.json).toMatchObject({ username: 'wang', lockedUntil: null });
  const row = (await db.pool.query(`SELECT password_hash, failed_logins FROM staff_users WHERE username = 'wang'`)).rows[0];
  expect(await bcrypt.compare('new-password-9', row.password_hash)).toBe(true);
  expect(row.failed_logins).toBe(0);
  const missing = await tiwen(['staff', 'disable', 'nobody'], env);
  expect(missing.code).not.toBe(0);
  expect(missing.stderr).toMatch(/No account named "nobody"[\s\S]*tiwen staff list/);
  const audit = await db.pool.query(`SELECT action FROM audit_log WHERE entity = 'staff_user' ORDER BY id`);
  expect(audit.rows.map((r) => r.action)).toEqual(['staff.add', 'staff.add', 'staff.add', 'staff.disable', 'staff.enable', 'staff.passwd']);
});
