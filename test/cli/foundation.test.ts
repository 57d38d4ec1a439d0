import iconv from 'iconv-lite';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { tempDir } from '../helpers/files.js';
import { tiwen } from '../helpers/cli.js';
import { freePort } from '../../src/adapters/store/postgres/embedded.js';

let db: TestDatabase;
let env: NodeJS.ProcessEnv;
const tmp = tempDir();

beforeAll(async () => {
  db = await createTestDatabase();
  env = { DATABASE_URL: db.url };
});
afterAll(async () => {
  await db.drop();
  tmp.cleanup();
});

describe('tiwen CLI: register and rounds', () => {
  test('import --json prints the summary as the last line', async () => {
    const file = tmp.file('reg.csv', iconv.encode('姓名,电话,网格\n张三,13812345678,A\n李四,13912345678,B\n王五,13712345678,B\n', 'gbk'));
    const r = await tiwen(['import', file, '--community', '南湖社区', '--json'], env);
    expect(r.code).toBe(0);
    expect(r.json).toEqual({ imported: 3, updated: 0, unchanged: 0, invalid: 0, errors: [] });
    const again = await tiwen(['import', file, '--community', '南湖社区', '--json'], env);
    expect(again.json).toEqual({ imported: 0, updated: 0, unchanged: 3, invalid: 0, errors: [] });
  });

  test('import with invalid rows: exit 1, nothing imported, errors listed; --skip-invalid imports the rest', async () => {
    const file = tmp.file('bad.csv', '姓名,电话\n甲,1381234567\n乙,13612345678\n');
    const r = await tiwen(['import', file, '--community', '北湖社区', '--json'], env);
    expect(r.code).toBe(1);
    expect(r.json).toEqual({ imported: 0, updated: 0, unchanged: 0, invalid: 1, errors: [{ line: 2, column: '电话', reason: expect.stringMatching(/10 digits/) }] });
    const human = await tiwen(['import', file, '--community', '北湖社区'], env);
    expect(human.stdout).toMatch(/line 2, column 电话: mobile number "1381234567" has 10 digits/);
    expect(human.stdout).toMatch(/nothing imported: 1 invalid row\. Fix them, or pass --skip-invalid/);
    const skip = await tiwen(['import', file, '--community', '北湖社区', '--skip-invalid', '--json'], env);
    expect(skip.code).toBe(0);
    expect(skip.json).toMatchObject({ imported: 1, invalid: 1 });
  });

  test('a missing file is one clear message with a fix, exit 1', async () => {
    const r = await tiwen(['import', '/no/such/file.csv', '--community', 'x'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/tiwen: Register file not found: \/no\/such\/file.csv\n {2}fix: /);
  });

  test('round create / start / status --json / cancel', async () => {
    const created = await tiwen(['round', 'create', '--community', '南湖社区', '--grid', 'B', '--cps', '5', '--lines', '3', '--json'], env);
    expect(created.code).toBe(0);
    const round = created.json as { id: number; households: number };
    expect(round).toMatchObject({ households: 2, status: 'created', cps: 5, lines: 3 });
    expect((await tiwen(['round', 'start', String(round.id)], env)).stdout).toMatch(/is now running/);
    const status = await tiwen(['round', 'status', String(round.id), '--json'], env);
    expect(status.json).toEqual({
      id: round.id,
      status: 'running',
      households: 2,
      calls: { pending: 2, dialing: 0, in_progress: 0, done: 0, cancelled: 0 },
      outcomes: { fever: 0, no_fever: 0, unclear: 0, unreachable: 0, callback: 0, wrong_number: 0, refused: 0 },
    });
    expect((await tiwen(['round', 'cancel', String(round.id)], env)).code).toBe(0);
    const resume = await tiwen(['round', 'resume', String(round.id)], env);
    expect(resume.code).toBe(1);
    expect(resume.stderr).toMatch(/Cannot resume round \d+: round \d+ was cancelled\.\n {2}fix: .*create a new one/);
    const list = await tiwen(['round', 'list'], env);
    expect(list.stdout).toMatch(new RegExp(`${round.id}\\s+cancelled\\s+南湖社区`));
  });

  test('round create for a community that does not exist names the known ones', async () => {
    const r = await tiwen(['round', 'create', '--community', '火星社区'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Community "火星社区" does not exist\.\n {2}fix: Known communities: .*南湖社区/);
  });

  test('bad option values are refused by the parser', async () => {
    const r = await tiwen(['round', 'create', '--community', '南湖社区', '--cps', 'fast'], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--cps must be a number above 0/);
  });

  test('residents dnc marks a number and new rounds skip it', async () => {
    const r = await tiwen(['residents', 'dnc', '139 1234 5678', '--json'], env);
    expect(r.json).toEqual({ phone: '+8613912345678', doNotCall: true, communities: ['南湖社区'] });
    const created = await tiwen(['round', 'create', '--community', '南湖社区', '--json'], env);
    expect(created.json).toMatchObject({ households: 2 });
    const unknown = await tiwen(['residents', 'dnc', '13000000000'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No household with number \+86130\*\*\*\*0000 is registered/);
  });

  test('a database that is down: one clear message naming the server and the fix', async () => {
    const port = await freePort();
    const r = await tiwen(['round', 'list'], { DATABASE_URL: `postgres://tiwen:tiwen@127.0.0.1:${port}/tiwen` });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`Cannot reach PostgreSQL at 127.0.0.1:${port}/tiwen: .*ECONNREFUSED.*\\n {2}fix: Start the database server or fix DATABASE_URL`));
  });
});
