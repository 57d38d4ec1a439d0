/**
 * Phone numbers as Chinese community registers write them, normalised to E.164.
 * libphonenumber-js does the numbering-plan work; this module only adds the
 * prefixes it does not know (0086, a bare 86) and explains failures in words an
 * office worker can act on.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type PhoneResult = { ok: true; e164: string; kind: 'mobile' | 'landline' | 'other' } | { ok: false; reason: string };

/** Separators people type inside numbers: spaces, dashes, dots, brackets, slashes. */
const SEPARATORS = /[\s\-–—.()()[\]/]/g;

export function normalisePhone(raw: string): PhoneResult {
  const text = raw.normalize('NFKC').trim();
  if (text === '') return { ok: false, reason: 'phone number is empty' };
  if (/^\d(\.\d+)?e\+?\d+$/i.test(text)) {
    return { ok: false, reason: `"${text}" is a number in scientific notation (Excel turned the phone into a number and lost digits); format the column as text and export again` };
  }
  let compact = text.replace(SEPARATORS, '');
  if (/[^+\d]/.test(compact)) {
    return { ok: false, reason: `"${text}" contains characters that are not part of a phone number` };
  }
  if (compact.startsWith('0086')) compact = '+86' + compact.slice(4);
  else if (/^861[3-9]\d{9}$/.test(compact)) compact = '+' + compact;
  const national = compact.startsWith('+86') ? compact.slice(3) : compact;
  if (!compact.startsWith('+') || compact.startsWith('+86')) {
    if (/^1\d*$/.test(national) && national.length !== 11 && national.length >= 7) {
      return { ok: false, reason: `mobile number "${text}" has ${national.length} digits; Chinese mobile numbers have 11` };
    }
    if (/^[2-9]\d{6,7}$/.test(national)) {
      return { ok: false, reason: `"${text}" looks like a landline without its area code; write it with the area code, e.g. 027-${national}` };
    }
  }
  const parsed = parsePhoneNumberFromString(compact, 'CN');
  if (!parsed || !parsed.isValid()) {
    return { ok: false, reason: `"${text}" is not a valid phone number (expected an 11-digit mobile or a landline with area code)` };
  }
  const type = parsed.getType();
  const kind = type === 'MOBILE' ? 'mobile' : type === 'FIXED_LINE' ? 'landline' : 'other';
  return { ok: true, e164: parsed.number, kind };
}
