import { normalisePhone } from '../../../src/core/register/phone.js';

describe('normalisePhone', () => {
  test.each([
    ['plain mobile', '13812345678', '+8613812345678'],
    ['mobile with spaces', '138 1234 5678', '+8613812345678'],
    ['mobile with dashes', '138-1234-5678', '+8613812345678'],
    ['+86 prefix', '+86 138 1234 5678', '+8613812345678'],
    ['+86 with dash', '+86-13812345678', '+8613812345678'],
    ['0086 prefix', '0086 13812345678', '+8613812345678'],
    ['bare 86 prefix', '8613812345678', '+8613812345678'],
    ['full-width digits', '１３８１２３４５６７８', '+8613812345678'],
    ['Wuhan landline with dash', '027-87654321', '+862787654321'],
    ['landline with brackets', '(027)87654321', '+862787654321'],
    ['Chinese brackets', '(010)12345678', '+861012345678'],
    ['Shenzhen landline with spaces', '0755 1234 5678', '+8675512345678'],
    ['landline +86 without trunk zero', '+86 27 8765 4321', '+862787654321'],
  ])('%s: %s -> %s', (_name, input, e164) => {
    expect(normalisePhone(input)).toMatchObject({ ok: true, e164 });
  });

  test.each([
    ['empty', '', /empty/],
    ['10-digit mobile', '1381234567', /10 digits; Chinese mobile numbers have 11/],
    ['12-digit mobile', '138123456789', /12 digits/],
    ['landline without area code', '87654321', /without its area code.*027-87654321/],
    ['7-digit landline without area code', '8765432', /without its area code/],
    ['letters', '138abc45678', /not part of a phone number/],
    ['Excel scientific notation', '1.38123E+10', /scientific notation/],
    ['too short', '12', /not a valid phone number/],
  ])('%s is refused with a reason', (_name, input, reason) => {
    const r = normalisePhone(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  test('kind tells mobiles from landlines', () => {
    expect(normalisePhone('13812345678')).toMatchObject({ kind: 'mobile' });
    expect(normalisePhone('027-87654321')).toMatchObject({ kind: 'landline' });
  });
});
