/**
 * Use cases of staff accounts: add, list, disable, change password, log in (with
 * throttling), and the scope an account may see (role, communities, grids).
 */
import { randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type pg from 'pg';
import { ConflictError, InputError, NotFoundError, TiwenError } from '../errors.js';
import { withTransaction } from '../adapters/store/postgres/database.js';
import { findCommunity, listCommunityNames } from '../adapters/store/postgres/communities.js';
import { audit } from '../adapters/store/postgres/audit.js';
import {
  findStaffById,
  findStaffByName,
  gridIdsByName,
  insertStaff,
  listStaff,
  recordLoginFailure,
  recordLoginSuccess,
  setStaffDisabled,
  setStaffPassword,
  type Role,
  type StaffRow,
} from '../adapters/store/postgres/staff.js';

export type { Role };
export const ROLES: readonly Role[] = ['admin', 'staff', 'grid_worker'];

/** bcrypt cost 10: about 80 ms a hash in pure JS on this machine (idle), slow for guessing, fine for a login. */
const BCRYPT_ROUNDS = 10;
/** After this many wrong passwords in a row an account is locked for LOCK_SECONDS. */
export const LOGIN_FAILURE_THRESHOLD = 5;
export const LOCK_SECONDS = 15 * 60;
const MIN_PASSWORD = 8;

/** What one logged-in account may see. `all` for an admin. */
export interface Scope {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  communityIds: number[] | 'all';
  /** Grid ids a grid worker is limited to; `all` for admin and staff (within their communities). */
  gridIds: number[] | 'all';
}

export interface StaffView {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  communities: string[];
  grids: string[];
  disabled: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
}

function view(s: StaffRow): StaffView {
  return {
    id: s.id,
    username: s.username,
    displayName: s.display_name,
    role: s.role,
    communities: s.community_names,
    grids: s.grid_names,
    disabled: s.disabled,
    lockedUntil: s.locked_until && s.locked_until > new Date() ? s.locked_until.toISOString() : null,
    lastLoginAt: s.last_login_at?.toISOString() ?? null,
  };
}

export function scopeOf(s: StaffRow): Scope {
  return {
    userId: s.id,
    username: s.username,
    displayName: s.display_name || s.username,
    role: s.role,
    communityIds: s.role === 'admin' ? 'all' : s.community_ids,
    gridIds: s.role === 'grid_worker' ? s.grid_ids : 'all',
  };
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD) throw new InputError(`The password is too short (${password.length} characters).`, `Use at least ${MIN_PASSWORD} characters.`);
  if (password.length > 72) throw new InputError('The password is longer than 72 bytes, which bcrypt cannot use in full.', 'Use a password of at most 72 characters.');
}

export interface AddStaffInput {
  username: string;
  role: string;
  password: string;
  communities?: string[];
  grids?: string[];
  displayName?: string;
  actor?: string;
}

export async function addStaff(pool: pg.Pool, input: AddStaffInput): Promise<StaffView> {
  const username = input.username.trim();
  if (!/^[\p{L}\p{N}_.@-]{2,64}$/u.test(username)) {
    throw new InputError(`Username "${input.username}" is not usable.`, 'Use 2 to 64 letters, digits, or _ . @ - (no spaces).');
  }
  if (!ROLES.includes(input.role as Role)) throw new InputError(`Role "${input.role}" does not exist.`, `Use one of: ${ROLES.join(', ')}.`);
  const role = input.role as Role;
  checkPassword(input.password);
  const communities = [...new Set(input.communities ?? [])];
  const grids = [...new Set(input.grids ?? [])];
  if (role === 'admin' && (communities.length || grids.length)) throw new InputError('An admin sees every community; --community and --grid do not apply.', 'Leave them out, or use --role staff or grid_worker.');
  if (role === 'staff' && communities.length === 0) throw new InputError('A staff account needs its community.', 'Add --community NAME (repeat it for several communities).');
  if (role === 'staff' && grids.length) throw new InputError('A staff account sees all grids of its communities; --grid applies to grid workers only.', 'Leave out --grid, or use --role grid_worker.');
  if (role === 'grid_worker' && (communities.length !== 1 || grids.length === 0)) {
    throw new InputError('A grid worker needs one community and at least one grid.', 'Add --community NAME --grid G (repeat --grid for several grids).');
  }
  const passwordHash = await bcrypt.hash(input.password, BCRYPT_ROUNDS);
  const id = await withTransaction(pool, async (tx) => {
    if (await findStaffByName(tx, username)) throw new ConflictError(`An account named "${username}" already exists.`, 'Choose another username, or change its password with: tiwen staff passwd');
    const communityIds: number[] = [];
    for (const name of communities) {
      const c = await findCommunity(tx, name);
      if (!c) {
        const known = await listCommunityNames(tx);
        throw new NotFoundError(`Community "${name}" does not exist.`, known.length ? `Known communities: ${known.slice(0, 10).join(', ')}.` : 'Import a register first: tiwen import FILE --community NAME');
      }
      communityIds.push(c.id);
    }
    let gridIds: number[] = [];
    if (role === 'grid_worker') {
      const byName = await gridIdsByName(tx, communityIds[0]!, grids);
      const unknown = grids.filter((g) => !byName.has(g));
      if (unknown.length) throw new NotFoundError(`Grid ${unknown.map((g) => `"${g}"`).join(', ')} not found in community "${communities[0]}".`, 'Grids come from the register\'s 网格 column; check the spelling.');
      gridIds = grids.map((g) => byName.get(g)!);
    }
    const newId = await insertStaff(tx, { username, displayName: input.displayName ?? '', role, passwordHash, communityIds: role === 'staff' ? communityIds : [], gridIds });
    await audit(tx, { actor: input.actor ?? 'cli', action: 'staff.add', entity: 'staff_user', entityId: newId, detail: { username, role, communities, grids } });
    return newId;
  });
  return view((await findStaffById(pool, id))!);
}

export async function staffList(pool: pg.Pool): Promise<StaffView[]> {
  return (await listStaff(pool)).map(view);
}

async function staffOrFail(pool: pg.Pool, username: string): Promise<StaffRow> {
  const s = await findStaffByName(pool, username);
  if (!s) throw new NotFoundError(`No account named "${username}".`, 'List accounts with: tiwen staff list');
  return s;
}

export async function disableStaff(pool: pg.Pool, username: string, disabled = true, actor = 'cli'): Promise<StaffView> {
  const s = await staffOrFail(pool, username);
  await setStaffDisabled(pool, s.id, disabled);
  // Sessions of a disabled account end at its next request (the guard re-reads the account).
  await audit(pool, { actor, action: disabled ? 'staff.disable' : 'staff.enable', entity: 'staff_user', entityId: s.id, detail: { username } });
  return view((await findStaffById(pool, s.id))!);
}

export async function changePassword(pool: pg.Pool, username: string, password: string, actor = 'cli'): Promise<StaffView> {
  checkPassword(password);
  const s = await staffOrFail(pool, username);
  await setStaffPassword(pool, s.id, await bcrypt.hash(password, BCRYPT_ROUNDS));
  await audit(pool, { actor, action: 'staff.passwd', entity: 'staff_user', entityId: s.id, detail: { username } });
  return view((await findStaffById(pool, s.id))!);
}

/** A login refused; the message is the same for a wrong name and a wrong password. */
export class LoginError extends TiwenError {
  constructor(message: string, status = 401) {
    super('LOGIN', status, message);
  }
}

// A hash to compare against when the username is unknown, so both cases take as long.
const DUMMY_HASH = bcrypt.hashSync(randomBytes(12).toString('hex'), BCRYPT_ROUNDS);

/** Checks a username and password; throttles repeated failures by locking the account. */
export async function login(pool: pg.Pool, username: string, password: string): Promise<Scope> {
  const s = await findStaffByName(pool, username.trim());
  if (!s || !s.password_hash) {
    await bcrypt.compare(password, DUMMY_HASH);
    throw new LoginError('用户名或密码错误。');
  }
  if (s.locked_until && s.locked_until > new Date()) {
    throw new LoginError(`登录失败次数过多,账号已暂时锁定,请在 ${s.locked_until.toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai' })} 之后再试。`, 429);
  }
  const ok = await bcrypt.compare(password, s.password_hash);
  if (!ok) {
    const f = await recordLoginFailure(pool, s.id, LOGIN_FAILURE_THRESHOLD, LOCK_SECONDS);
    await audit(pool, { actor: s.username, action: 'login.failed', entity: 'staff_user', entityId: s.id, detail: { failed: f.failed } });
    if (f.lockedUntil && f.lockedUntil > new Date()) throw new LoginError('登录失败次数过多,账号已暂时锁定 15 分钟。', 429);
    throw new LoginError('用户名或密码错误。');
  }
  if (s.disabled) throw new LoginError('该账号已停用,请联系管理员。', 403);
  await recordLoginSuccess(pool, s.id);
  await audit(pool, { actor: s.username, action: 'login', entity: 'staff_user', entityId: s.id });
  return scopeOf(s);
}

/** The scope of a session's account, re-read each request: null when disabled or deleted. */
export async function sessionScope(pool: pg.Pool, userId: number): Promise<Scope | null> {
  const s = await findStaffById(pool, userId);
  return s && !s.disabled ? scopeOf(s) : null;
}

/**
 * The demo administrator of `tiwen start`: created on first use, given a new generated
 * password at every start (printed next to the page address).
 */
export async function ensureDemoAdmin(pool: pg.Pool, username = 'demo-admin'): Promise<{ username: string; password: string }> {
  const password = randomBytes(9).toString('base64url');
  const s = await findStaffByName(pool, username);
  if (s) {
    if (s.role !== 'admin') throw new ConflictError(`The account "${username}" exists but is not an admin.`, 'Rename that account, or remove it, before running the demo.');
    await setStaffPassword(pool, s.id, await bcrypt.hash(password, BCRYPT_ROUNDS));
    await setStaffDisabled(pool, s.id, false);
    await audit(pool, { actor: 'demo', action: 'staff.passwd', entity: 'staff_user', entityId: s.id, detail: { username } });
  } else {
    await addStaff(pool, { username, role: 'admin', password, displayName: '演示管理员', actor: 'demo' });
  }
  return { username, password };
}
