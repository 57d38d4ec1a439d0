import { maskPhone, maskPhonesInText } from '../../src/util/mask.js';

describe('phone masking', () => {
  test.each([
    ['13812345678', '138****5678'],
    ['+8613812345678', '+86138****5678'],
    ['+862787654321', '+86278***4321'],
  ])('%s -> %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });
  test('numbers inside text are masked, other numbers left alone', () => {
    expect(maskPhonesInText('called +8613812345678 and 13912345678 in round 12')).toBe('called +86138****5678 and 139****5678 in round 12');
  });
});
