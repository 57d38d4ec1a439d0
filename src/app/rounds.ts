/**
 * Use cases of screening rounds: create (expanding into calls), life-cycle commands,
 * status and listing.
 */
import type pg from 'pg';
import type { Config } from '../config.js';
import { ConflictError, InputError, NotFoundError } from '../errors.js';
import { checkTransition, type RoundCommand } from '../core/policy/roundLifecycle.js';
import { formatWindow, parseWindow } from '../core/pacing/window.js';
import { withTransaction } from '../adapters/store/postgres/database.js';
import { findCommunity, listCommunityNames } from '../adapters/store/postgres/communities.js';
import { countResidents } from '../adapters/store/postgres/residents.js';
import { audit } from '../adapters/store/postgres/audit.js';
import {
  cancelPendingCalls,
  getRound,
  insertRoundWithCalls,
  listRounds,
  roundCounts,
  setRoundStatus,
  type RoundRow,
} from '../adapters/store/postgres/rounds.js';

export interface CreateRoundOptions {
  community: string;
  grids?: string[];
  window?: string;
  maxAttempts?: number;
  cps?: number;
  lines?: number;
  actor?: string;
}

export interface RoundView {
  id: number;
  community: string;
  status: string;
  households: number;
  grids: string[];
  window: string;
  maxAttempts: number;
  cps: number;
  lines: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

function view(r: RoundRow, households: number): RoundView {
  return {
    id: r.id,
    community: r.community,
    status: r.status,
    households,
    grids: r.grids,
    window: `${r.window_start}-${r.window_end}`,
    maxAttempts: r.max_attempts,
    cps: r.cps,
    lines: r.lines,
    createdAt: r.created_at.toISOString(),
    startedAt: r.started_at?.toISOString() ?? null,
    finishedAt: r.finished_at?.toISOString() ?? null,
  };
}

async function communityOrFail(pool: pg.Pool | pg.PoolClient, name: string) {
  const c = await findCommunity(pool, name);
  if (c) return c;
  const known = await listCommunityNames(pool);
  throw new NotFoundError(
    `Community "${name}" does not exist.`,
    known.length
      ? `Known communities: ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', …' : ''}. A community is created by importing its register: tiwen import FILE --community NAME`
      : 'No community yet: import a register first with: tiwen import FILE --community NAME',
  );
}

export async function createRound(pool: pg.Pool, config: Config, options: CreateRoundOptions): Promise<RoundView> {
  const windowText = options.window ?? config.round.defaultWindow;
  const window = parseWindow(windowText);
  if (!window) throw new InputError(`Calling window "${windowText}" is not valid.`, 'Write it as HH:MM-HH:MM with the start before the end, e.g. --window 08:30-20:30.');
  const maxAttempts = options.maxAttempts ?? config.round.defaultMaxAttempts;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 10) {
    throw new InputError(`--max-attempts ${maxAttempts} is out of range.`, 'Use a whole number from 1 to 10.');
  }
  const cps = options.cps ?? config.dialer.defaultCps;
  if (!(cps > 0) || cps > 1000) throw new InputError(`--cps ${cps} is out of range.`, 'Use a number of calls per second above 0 and at most 1000 (your carrier account sets the real limit).');
  const lines = options.lines ?? config.dialer.defaultLines;
  if (!Number.isInteger(lines) || lines < 1 || lines > 100000) throw new InputError(`--lines ${lines} is out of range.`, 'Use a whole number of simultaneous calls from 1 to 100000.');
  const grids = [...new Set((options.grids ?? []).map((g) => g.trim()).filter(Boolean))];

  return withTransaction(pool, async (tx) => {
    const community = await communityOrFail(tx, options.community);
    if (grids.length) {
      const known = await tx.query<{ name: string }>('SELECT name FROM grids WHERE community_id = $1', [community.id]);
      const names = new Set(known.rows.map((g) => g.name));
      const unknown = grids.filter((g) => !names.has(g));
      if (unknown.length) {
        throw new NotFoundError(
          `Grid ${unknown.map((g) => `"${g}"`).join(', ')} not found in community "${community.name}".`,
          names.size ? `Its grids are: ${[...names].join(', ')}.` : 'This community has no grids: its register has no 网格 column.',
        );
      }
    }
    const { id, households } = await insertRoundWithCalls(tx, {
      communityId: community.id,
      grids,
      windowStart: formatWindow(window).slice(0, 5),
      windowEnd: formatWindow(window).slice(6),
      maxAttempts,
      cps,
      lines,
    });
    if (households === 0) {
      const counts = await countResidents(tx, community.id);
      throw new InputError(
        `Community "${community.name}" has no household to call${grids.length ? ` in grid ${grids.join(', ')}` : ''} (${counts.total} registered, ${counts.doNotCall} do-not-call).`,
        'Import the register first (tiwen import FILE --community NAME), or choose other grids.',
      );
    }
    await audit(tx, { actor: options.actor ?? 'cli', action: 'round.create', entity: 'round', entityId: id, detail: { households, grids, window: windowText, maxAttempts, cps, lines } });
    return view((await getRound(tx, id))!, households);
  });
}

async function roundOrFail(db: pg.Pool | pg.PoolClient, id: number, lock = false): Promise<RoundRow> {
  if (!Number.isSafeInteger(id) || id <= 0) throw new InputError(`"${id}" is not a round id.`, 'Round ids are positive whole numbers; list them with: tiwen round list');
  const r = await getRound(db, id, lock);
  if (!r) throw new NotFoundError(`Round ${id} does not exist.`, 'List rounds with: tiwen round list');
  return r;
}

/** start, pause, resume or cancel; returns the round after the change. */
export async function changeRound(pool: pg.Pool, id: number, command: RoundCommand, actor = 'cli'): Promise<RoundView & { cancelledCalls?: number }> {
  return withTransaction(pool, async (tx) => {
    const round = await roundOrFail(tx, id, true);
    const check = checkTransition(id, round.status, command);
    if (!check.ok) throw new ConflictError(`Cannot ${command} round ${id}: ${check.reason}.`, check.hint);
    await setRoundStatus(tx, id, check.to);
    const cancelledCalls = command === 'cancel' ? await cancelPendingCalls(tx, id) : undefined;
    await audit(tx, { actor, action: `round.${command}`, entity: 'round', entityId: id, detail: { from: round.status, to: check.to, cancelledCalls } });
    const after = (await getRound(tx, id))!;
    const counts = await roundCounts(tx, id);
    return { ...view(after, counts.households), ...(cancelledCalls !== undefined ? { cancelledCalls } : {}) };
  });
}

export interface RoundStatusView {
  id: number;
  community: string;
  status: string;
  households: number;
  calls: Record<string, number>;
  outcomes: Record<string, number>;
  attempts: number;
  followUps: number;
  window: string;
  cps: number;
  lines: number;
}

export async function roundStatus(pool: pg.Pool, id: number): Promise<RoundStatusView> {
  const round = await roundOrFail(pool, id);
  const counts = await roundCounts(pool, id);
  return {
    id,
    community: round.community,
    status: round.status,
    households: counts.households,
    calls: counts.calls,
    outcomes: counts.outcomes,
    attempts: counts.attempts,
    followUps: counts.followUps,
    window: `${round.window_start}-${round.window_end}`,
    cps: round.cps,
    lines: round.lines,
  };
}

/** The latest rounds, each with how many of its calls are finished (done or cancelled). */
export async function roundList(pool: pg.Pool): Promise<(RoundView & { done: number })[]> {
  return (await listRounds(pool)).map((r) => ({ ...view(r, r.households), done: r.done }));
}
