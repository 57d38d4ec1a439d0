import { checkTransition, type RoundCommand, type RoundStatus } from '../../../src/core/policy/roundLifecycle.js';

describe('round life cycle', () => {
  test.each<[RoundStatus, RoundCommand, RoundStatus]>([
    ['created', 'start', 'running'],
    ['running', 'pause', 'paused'],
    ['paused', 'resume', 'running'],
    ['created', 'cancel', 'cancelled'],
    ['running', 'cancel', 'cancelled'],
    ['paused', 'cancel', 'cancelled'],
  ])('%s --%s--> %s', (from, command, to) => {
    expect(checkTransition(1, from, command)).toEqual({ ok: true, to });
  });

  test.each<[RoundStatus, RoundCommand, RegExp, RegExp]>([
    ['cancelled', 'resume', /was cancelled/, /create a new one/],
    ['cancelled', 'start', /was cancelled/, /create a new one/],
    ['completed', 'cancel', /has completed/, /create a new one/],
    ['running', 'start', /already running/, /Nothing to do/],
    ['created', 'pause', /has not been started/, /tiwen round start 1/],
    ['paused', 'pause', /is paused/, /Nothing to do/],
    ['running', 'resume', /already running/, /Nothing to do/],
  ])('%s cannot %s', (from, command, reason, hint) => {
    const r = checkTransition(1, from, command);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toMatch(reason);
      expect(r.hint).toMatch(hint);
    }
  });
});
