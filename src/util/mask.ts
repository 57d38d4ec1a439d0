/**
 * Masks a phone number for logs: keeps the first three and last four digits of the
 * national number (`13812345678` -> `138****5678`, `+8613812345678` -> `+86138****5678`).
 */
export function maskPhone(phone: string): string {
  const m = /^(\+86)?(\d{3})(\d+)(\d{4})$/.exec(phone.replace(/[\s-]/g, ''));
  if (!m) return phone.length > 4 ? `${'*'.repeat(phone.length - 4)}${phone.slice(-4)}` : '****';
  return `${m[1] ?? ''}${m[2]}${'*'.repeat(m[3]!.length)}${m[4]}`;
}

const PHONE_IN_TEXT = /(\+?86)?1[3-9]\d{9}|\+\d{10,14}|0\d{2,3}-?\d{7,8}/g;

/** Masks every phone-number-looking run in free text (log messages, errors). */
export function maskPhonesInText(text: string): string {
  return text.replace(PHONE_IN_TEXT, (match) => maskPhone(match));
}
