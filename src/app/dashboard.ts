/** Use cases of the office's overview pages: today per grid, a round's live figures. */
import type pg from 'pg';
import { communitiesWithGrids, latestFevers, recentDials, roundCommunity, todayByGrid } from '../adapters/store/postgres/dashboard.js';
import type { Config } from '../config.js';
import { ForbiddenError } from '../errors.js';
import { createRound, roundList, roundStatus, type CreateRoundOptions } from './rounds.js';
import type { Scope } from './accounts.js';
import { checkPlace, requireOffice, scopeIds } from './scope.js';

export async function today(pool: pg.Pool, scope: Scope) {
  requireOffice(scope);
  return todayByGrid(pool, scopeIds(scope).communityIds);
}

/** Rounds of the account's communities. */
export async function visibleRounds(pool: pg.Pool, scope: Scope) {
  requireOffice(scope);
  const all = await roundList(pool);
  if (scope.communityIds === 'all') return all;
  const names = new Set((await communitiesWithGrids(pool, scope.communityIds)).map((c) => c.name));
  return all.filter((r) => names.has(r.community));
}

/** Checks that the account may see the round (404 / 403). */
export async function checkRound(pool: pg.Pool, scope: Scope, roundId: number): Promise<void> {
  requireOffice(scope);
  checkPlace(scope, Number.isSafeInteger(roundId) && roundId > 0 ? await roundCommunity(pool, roundId) : undefined, `第 ${roundId} 轮`);
}

/** What the live round view polls: status, counts, dials in the last 5 s, latest fevers. */
export async function liveRound(pool: pg.Pool, scope: Scope, roundId: number) {
  await checkRound(pool, scope, roundId);
  const [status, dials, fevers] = await Promise.all([roundStatus(pool, roundId), recentDials(pool, roundId, 5), latestFevers(pool, roundId)]);
  const linesInUse = (status.calls.dialing ?? 0) + (status.calls.in_progress ?? 0);
  return { ...status, linesInUse, callsPerSecond: Math.round((dials / 5) * 10) / 10, fevers: fevers.map((f) => ({ residentId: f.resident_id, name: f.name, grid: f.grid, temperatureC: f.temperature_c, at: f.at })) };
}

/** Creates a round for one of the account's communities (office staff and admins only). */
export async function createRoundInScope(pool: pg.Pool, config: Config, scope: Scope, options: CreateRoundOptions) {
  requireOffice(scope);
  if (scope.communityIds !== 'all') {
    const mine = await communitiesWithGrids(pool, scope.communityIds);
    if (!mine.some((c) => c.name === options.community)) throw new ForbiddenError(`您不能为“${options.community}”创建筛查轮次。`, '只能为您负责的社区创建。');
  }
  return createRound(pool, config, { ...options, actor: scope.username });
}

export async function scopeCommunities(pool: pg.Pool, scope: Scope) {
  const all = await communitiesWithGrids(pool, scopeIds(scope).communityIds);
  if (scope.gridIds === 'all') return all;
  const grids = scope.gridIds;
  return all.map((c) => ({ ...c, grids: c.grids.filter((g) => grids.includes(g.id)) })).filter((c) => c.grids.length);
}
