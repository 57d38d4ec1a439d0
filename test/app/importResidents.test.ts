import iconv from 'iconv-lite';
import { importResidents } from '../../src/app/importResidents.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { tempDir } from '../helpers/files.js';

let db: TestDatabase;
const tmp = tempDir();
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
  tmp.cleanup();
});

const register = [
  '姓名,电话,楼栋,单元,房号,网格',
  '张三,138 1234 5678,1栋,1单元,101,第一网格',
  '李四,139-1234-5678,1栋,1单元,102,第一网格',
  '王五,027-87654321,2栋,1单元,201,第二网格',
].join('\n');

async function residents(community: string) {
  const r = await db.pool.query(
    `SELECT r.name, r.phone, r.building, r.room, r.do_not_call, g.name AS grid FROM residents r
       JOIN communities c ON c.id = r.community_id LEFT JOIN grids g ON g.id = r.grid_id
      WHERE c.name = $1 ORDER BY r.phone COLLATE "C"`,
    [community],
  );
  return r.rows;
}

const run = (file: string, community: string, skipInvalid = false) => importResidents(db.pool, { file, community, skipInvalid, timezone: 'Asia/Shanghai' });

describe('importResidents', () => {
  test('imports a UTF-8 register, creating the community and its grids', async () => {
    const report = await run(tmp.file('a.csv', register), '东湖社区');
    expect(report).toMatchObject({ imported: 3, updated: 0, unchanged: 0, invalid: 0, errors: [], communityCreated: true, committed: true });
    expect(await residents('东湖社区')).toEqual([
      { name: '张三', phone: '+8613812345678', building: '1栋', room: '101', do_not_call: false, grid: '第一网格' },
      { name: '李四', phone: '+8613912345678', building: '1栋', room: '102', do_not_call: false, grid: '第一网格' },
      { name: '王五', phone: '+862787654321', building: '2栋', room: '201', do_not_call: false, grid: '第二网格' },
    ]);
  });

  test('re-importing the same register changes nothing and duplicates nothing', async () => {
    const report = await run(tmp.file('a2.csv', register), '东湖社区');
    expect(report).toMatchObject({ imported: 0, updated: 0, unchanged: 3, communityCreated: false });
    expect(await residents('东湖社区')).toHaveLength(3);
  });

  test('a changed row is updated in place', async () => {
    const changed = register.replace('张三,138 1234 5678,1栋,1单元,101', '张三丰,13812345678,1栋,1单元,101');
    expect(await run(tmp.file('a3.csv', changed), '东湖社区')).toMatchObject({ imported: 0, updated: 1, unchanged: 2 });
    expect((await residents('东湖社区')).find((r) => r.phone === '+8613812345678')!.name).toBe('张三丰');
  });

  test('GBK files are detected and read', async () => {
    const report = await run(tmp.file('gbk.csv', iconv.encode(register, 'gbk')), '江汉社区');
    expect(report).toMatchObject({ imported: 3, encoding: 'gb18030' });
    expect((await residents('江汉社区')).map((r) => r.name).sort()).toEqual(['张三', '李四', '王五'].sort());
  });

  test('UTF-8 with BOM and English headers', async () => {
    const file = tmp.file('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('name,phone\nAnna,13700000001\n')]));
    expect(await run(file, 'BOM社区')).toMatchObject({ imported: 1 });
  });

  test('invalid rows without --skip-invalid: nothing is written, every error listed', async () => {
    const bad = register + '\n赵六,1381234567,3栋,1单元,301,第三网格\n钱七,87654321,3栋,1单元,302,第三网格\n';
    const report = await run(tmp.file('bad.csv', bad), '硚口社区');
    expect(report).toMatchObject({ imported: 0, committed: false, invalid: 2 });
    expect(report.errors).toEqual([
      { line: 5, column: '电话', reason: expect.stringMatching(/10 digits/) },
      { line: 6, column: '电话', reason: expect.stringMatching(/area code/) },
    ]);
    expect(await residents('硚口社区')).toEqual([]);
    const c = await db.pool.query("SELECT 1 FROM communities WHERE name = '硚口社区'");
    expect(c.rowCount).toBe(0);
  });

  test('with --skip-invalid the valid rows go in and the invalid ones are listed', async () => {
    const bad = register + '\n赵六,1381234567,3栋,1单元,301,第三网格\n';
    const report = await run(tmp.file('bad2.csv', bad), '硚口社区', true);
    expect(report).toMatchObject({ imported: 3, invalid: 1, committed: true });
    expect(await residents('硚口社区')).toHaveLength(3);
  });

  test('do-not-call column marks households; a file without the column keeps marks', async () => {
    await run(tmp.file('dnc.csv', '电话,免打扰\n13600000001,是\n13600000002,\n'), '青山社区');
    expect((await residents('青山社区')).map((r) => r.do_not_call)).toEqual([true, false]);
    await run(tmp.file('dnc2.csv', '电话,姓名\n13600000001,甲\n13600000002,乙\n'), '青山社区');
    expect((await residents('青山社区')).map((r) => r.do_not_call)).toEqual([true, false]);
  });

  test.each([
    ['a missing file', () => '/nonexistent/register.csv', /Register file not found/],
    ['an empty file', () => tmp.file('empty.csv', ''), /is empty/],
    ['a header-only file', () => tmp.file('header.csv', '姓名,电话\n'), /no households/],
    ['a file without a phone column', () => tmp.file('nophone.csv', '姓名,地址\n张三,x\n'), /No phone column/],
    ['a binary file', () => tmp.file('book.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x01, 0xff, 0xfe, 0x81, 0x02])), /xlsx/],
    ['broken quotes', () => tmp.file('quotes.csv', '姓名,电话\n"张三,13812345678\n'), /not valid CSV/],
  ])('%s is a clear error and writes nothing', async (_name, file, message) => {
    const before = await db.pool.query('SELECT count(*)::int AS n FROM residents');
    await expect(run(file(), '错误社区')).rejects.toThrow(message);
    const after = await db.pool.query('SELECT count(*)::int AS n FROM residents');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  test('an import is audited', async () => {
    const r = await db.pool.query("SELECT detail FROM audit_log WHERE action = 'residents.import' ORDER BY id LIMIT 1");
    expect(r.rows[0].detail).toMatchObject({ imported: 3, encoding: 'utf-8' });
  });
});
