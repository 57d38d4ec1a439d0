/**
 * The life cycle of a screening round:
 *
 *   created --start--> running --pause--> paused --resume--> running
 *   created|running|paused --cancel--> cancelled
 *   running --(no call left to place)--> completed
 *
 * Pure: says whether a command is allowed and, if not, why and what to do instead.
 */
export type RoundStatus = 'created' | 'running' | 'paused' | 'completed' | 'cancelled';
export type RoundCommand = 'start' | 'pause' | 'resume' | 'cancel';

export const TRANSITIONS: Record<RoundCommand, { from: readonly RoundStatus[]; to: RoundStatus }> = {
  start: { from: ['created'], to: 'running' },
  pause: { from: ['running'], to: 'paused' },
  resume: { from: ['paused'], to: 'running' },
  cancel: { from: ['created', 'running', 'paused'], to: 'cancelled' },
};

export type TransitionCheck = { ok: true; to: RoundStatus } | { ok: false; reason: string; hint: string };

export function checkTransition(id: number, current: RoundStatus, command: RoundCommand): TransitionCheck {
  const t = TRANSITIONS[command];
  if (t.from.includes(current)) return { ok: true, to: t.to };
  const reasons: Record<RoundStatus, { reason: string; hint: string }> = {
    created: { reason: `round ${id} has not been started`, hint: `Start it first: tiwen round start ${id}` },
    running: {
      reason: `round ${id} is already running`,
      hint: command === 'start' || command === 'resume' ? 'Nothing to do.' : `Pause it with: tiwen round pause ${id}`,
    },
    paused: {
      reason: `round ${id} is paused`,
      hint: command === 'pause' ? 'Nothing to do.' : `Resume it with: tiwen round resume ${id}`,
    },
    completed: { reason: `round ${id} has completed`, hint: 'A finished round cannot be changed; create a new one with: tiwen round create --community NAME' },
    cancelled: { reason: `round ${id} was cancelled`, hint: 'A cancelled round cannot be restarted; create a new one with: tiwen round create --community NAME' },
  };
  return { ok: false, ...reasons[current] };
}
