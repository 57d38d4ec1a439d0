import iconv from 'iconv-lite';
import { decodeRegister } from '../../../src/core/register/decode.js';

const text = '姓名,电话\n张三,13812345678\n';

describe('decodeRegister', () => {
  test('UTF-8 without BOM', () => {
    expect(decodeRegister(Buffer.from(text, 'utf8'))).toEqual({ ok: true, text, encoding: 'utf-8' });
  });
  test('UTF-8 with BOM (Excel "CSV UTF-8"): BOM removed', () => {
    expect(decodeRegister(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toEqual({ ok: true, text, encoding: 'utf-8' });
  });
  test('GBK (Excel on Chinese Windows) is detected', () => {
    expect(decodeRegister(iconv.encode(text, 'gbk'))).toEqual({ ok: true, text, encoding: 'gb18030' });
  });
  test('GB18030-only characters survive', () => {
    const rare = '姓名,电话\n𠀀先生,13812345678\n';
    expect(decodeRegister(iconv.encode(rare, 'gb18030'))).toMatchObject({ ok: true, text: rare });
  });
  test('UTF-16 with BOM', () => {
    expect(decodeRegister(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]))).toMatchObject({ ok: true, text, encoding: 'utf-16le' });
  });
  test('a binary file (an .xlsx) is refused with advice', () => {
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00, 0xff, 0xfe, 0x81]);
    const r = decodeRegister(zip);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/xlsx/);
  });
});
