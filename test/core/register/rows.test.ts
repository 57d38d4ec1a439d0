import { parseRegister, RegisterFormatError } from '../../../src/core/register/rows.js';

describe('parseRegister', () => {
  test('Chinese headers in any order, phones normalised', () => {
    const r = parseRegister([
      ['电话', '姓名', '楼栋', '单元', '房号', '网格'],
      ['138 1234 5678', '张三', '1栋', '2单元', '301', '第一网格'],
    ]);
    expect(r.errors).toEqual([]);
    expect(r.rows).toEqual([
      { line: 2, name: '张三', phone: '+8613812345678', building: '1栋', unit: '2单元', room: '301', grid: '第一网格', doNotCall: null },
    ]);
  });

  test('English headers, case-insensitive, with spaces', () => {
    const r = parseRegister([[' Name ', 'PHONE', 'Room'], ['Li Si', '13912345678', '101']]);
    expect(r.rows[0]).toMatchObject({ name: 'Li Si', phone: '+8613912345678', room: '101', building: '' });
  });

  test.each([['手机号'], ['联系电话'], ['mobile']])('phone column may be called %s', (header) => {
    expect(parseRegister([[header], ['13812345678']]).rows).toHaveLength(1);
  });

  test('no phone column is a file-level error naming the headers found', () => {
    expect(() => parseRegister([['姓名', '地址'], ['张三', 'x']])).toThrow(RegisterFormatError);
    expect(() => parseRegister([['姓名', '地址'], ['张三', 'x']])).toThrow(/"姓名", "地址"/);
  });

  test('header only and empty file are file-level errors', () => {
    expect(() => parseRegister([['姓名', '电话']])).toThrow(/no households/);
    expect(() => parseRegister([['姓名', '电话'], ['', '']])).toThrow(/no households/);
    expect(() => parseRegister([])).toThrow(/empty/);
  });

  test('every invalid row is reported with line, column and reason', () => {
    const r = parseRegister([
      ['姓名', '电话'],
      ['a', '1381234567'],
      ['b', '13812345678'],
      ['c', '87654321'],
    ]);
    expect(r.rows.map((x) => x.name)).toEqual(['b']);
    expect(r.errors).toEqual([
      { line: 2, column: '电话', reason: expect.stringMatching(/10 digits/) },
      { line: 4, column: '电话', reason: expect.stringMatching(/area code/) },
    ]);
  });

  test('line numbers come from the caller (multi-line quoted fields)', () => {
    const r = parseRegister([['电话'], ['x']], (i) => [1, 5][i]!);
    expect(r.errors[0]!.line).toBe(5);
  });

  test('the same number twice for the same household merges', () => {
    const r = parseRegister([
      ['姓名', '电话', '楼栋'],
      ['张三', '13812345678', ''],
      ['张三', '138-1234-5678', '3栋'],
    ]);
    expect(r.errors).toEqual([]);
    expect(r.merged).toBe(1);
    expect(r.rows).toEqual([expect.objectContaining({ line: 2, building: '3栋' })]);
  });

  test('a duplicate number with a different name is an error naming both lines', () => {
    const r = parseRegister([
      ['姓名', '电话'],
      ['张三', '13812345678'],
      ['李四', '+86 13812345678'],
    ]);
    expect(r.rows).toHaveLength(1);
    expect(r.errors).toEqual([{ line: 3, column: '姓名', reason: expect.stringMatching(/138\*\*\*\*5678 is already on line 2 with a different name/) }]);
  });

  test('do-not-call column: yes/no words, empty = no, other values refused', () => {
    const r = parseRegister([
      ['电话', '免打扰'],
      ['13800000001', '是'],
      ['13800000002', '否'],
      ['13800000003', ''],
      ['13800000004', 'Y'],
      ['13800000005', '也许'],
    ]);
    expect(r.rows.map((x) => x.doNotCall)).toEqual([true, false, false, true]);
    expect(r.errors).toEqual([{ line: 6, column: '免打扰', reason: expect.stringMatching(/not a yes\/no value/) }]);
  });
});
