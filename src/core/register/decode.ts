/**
 * Text encodings of register files. Chinese offices export CSV from Excel, which on
 * Chinese Windows writes GBK; others send UTF-8 with or without a byte-order mark.
 * Detection is deterministic: a UTF-8 BOM or valid UTF-8 means UTF-8 (GBK text of
 * any length is almost never valid UTF-8), anything else is decoded as GB18030 (a
 * superset of GBK and GB2312) and rejected if that yields replacement characters.
 */
import iconv from 'iconv-lite';

/** C0 control characters other than tab, line feed and carriage return: a sign of binary data. */
// eslint-disable-next-line no-control-regex
const BINARY = /[\x00-\x08\x0e-\x1f]/;

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export type DecodeResult = { ok: true; text: string; encoding: Encoding } | { ok: false; reason: string };

export function decodeRegister(bytes: Uint8Array): DecodeResult {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return utf8(bytes.subarray(3));
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { ok: true, text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16le'), encoding: 'utf-16le' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { ok: true, text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16be'), encoding: 'utf-16be' };
  }
  const asUtf8 = utf8(bytes);
  if (asUtf8.ok) return asUtf8;
  const text = iconv.decode(Buffer.from(bytes), 'gb18030');
  if (text.includes('\uFFFD') || BINARY.test(text)) {
    return { ok: false, reason: 'the file is neither UTF-8 nor GBK text (is it an .xlsx workbook? Save it as CSV first)' };
  }
  return { ok: true, text, encoding: 'gb18030' };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function utf8(bytes: Uint8Array): DecodeResult {
  try {
    const text = strictUtf8.decode(bytes);
    if (BINARY.test(text)) return { ok: false, reason: 'the file contains binary data, not CSV text (is it an .xlsx workbook? Save it as CSV first)' };
    return { ok: true, text, encoding: 'utf-8' };
  } catch {
    return { ok: false, reason: 'not valid UTF-8' };
  }
}
