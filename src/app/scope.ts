/** What an account may see, checked in the use cases (pages and API only call these). */
import { ForbiddenError, NotFoundError } from '../errors.js';
import type { Scope } from './accounts.js';
import type { ScopeIds } from '../adapters/store/postgres/followUpWork.js';

export function scopeIds(s: Scope): ScopeIds {
  return { communityIds: s.communityIds === 'all' ? null : s.communityIds, gridIds: s.gridIds === 'all' ? null : s.gridIds };
}

export function maySee(s: Scope, place: { community_id: number; grid_id: number | null }): boolean {
  if (s.communityIds !== 'all' && !s.communityIds.includes(place.community_id)) return false;
  if (s.gridIds !== 'all' && (place.grid_id === null || !s.gridIds.includes(place.grid_id))) return false;
  return true;
}

/** 404 when it does not exist, 403 when it is outside the account's communities or grids. */
export function checkPlace<T extends { community_id: number; grid_id: number | null }>(s: Scope, place: T | undefined, what: string): T {
  if (!place) throw new NotFoundError(`${what}不存在。`);
  if (!maySee(s, place)) throw new ForbiddenError(`${what}不在您负责的社区或网格内。`, '如需访问,请联系管理员。');
  return place;
}

/** Office work (rounds, register, dashboards, corrections of results) is for admin and staff. */
export function requireOffice(s: Scope): void {
  if (s.role === 'grid_worker') throw new ForbiddenError('此页面仅供社区工作人员使用。', '网格员请在“待跟进”(/follow-ups)中查看负责的住户。');
}

export function requireCommunity(s: Scope, communityId: number, what: string): void {
  if (s.communityIds !== 'all' && !s.communityIds.includes(communityId)) throw new ForbiddenError(`${what}属于其他社区。`, '如需访问,请联系管理员。');
}
