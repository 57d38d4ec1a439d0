import { LoginThrottle } from '../../../src/http/staff/throttle.js';

describe('LoginThrottle', () => {
  test('blocks an address after its limit within the window, then lets it try again', () => {
    const t = new LoginThrottle(3, 1000);
    for (let i = 0; i < 3; i++) {
      expect(t.blocked('a', 100 + i)).toBe(false);
      t.fail('a', 100 + i);
    }
    expect(t.blocked('a', 200)).toBe(true);
    expect(t.blocked('b', 200)).toBe(false);
    expect(t.blocked('a', 1100)).toBe(false);
  });
  test('remembers a bounded number of addresses', () => {
    const t = new LoginThrottle(1, 1000, 2);
    t.fail('a', 0);
    t.fail('b', 0);
    t.fail('c', 0);
    expect(t.blocked('a', 1)).toBe(false);
    expect(t.blocked('b', 1)).toBe(true);
    expect(t.blocked('c', 1)).toBe(true);
  });
});
