/**
 * `tiwen doctor`: is this installation ready to call? A checklist of what a round
 * needs — the database reachable and migrated, carrier credentials accepted (one
 * cheap authenticated request), the public base URL answering (the carrier must
 * reach our webhooks there), the clock in step with the database's and the
 * carrier's. Each check says what is wrong and how to fix it.
 */
import type pg from 'pg';
import type { Config } from '../config.js';
import { toError } from '../errors.js';
import type { TwilioTelephony } from '../adapters/telephony/twilio/client.js';
import { loadMigrations } from '../adapters/store/postgres/migrate.js';
import { liveDialers } from '../adapters/store/postgres/dialers.js';

export interface Check {
  name: 'database' | 'migrations' | 'carrier' | 'public_url' | 'clock' | 'dialers';
  ok: boolean;
  detail: string;
  /** How to fix it, when not ok. */
  fix?: string;
}

export interface DoctorReport {
  ok: boolean;
  checks: Check[];
}

/** Clock difference above which calling windows and leases go wrong in ways worth a warning. */
const MAX_CLOCK_SKEW_MS = 5000;
/** How long each network check may take. */
const CHECK_TIMEOUT_MS = 5000;
/** A dialer seen within this long counts as running (dialers refresh their row every second). */
const DIALER_SEEN_SECONDS = 10;

export interface DoctorDeps {
  config: Config;
  /** The database, or the error met opening it. */
  pool: pg.Pool | Error;
  /** The carrier client (Twilio, or the SDK pointed at a simulator); absent with the in-process simulator. */
  telephony?: TwilioTelephony;
  /** Where the carrier reaches our webhooks. */
  publicBaseUrl: string;
  now?: () => number;
}

async function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: no answer within ${CHECK_TIMEOUT_MS / 1000} s`)), CHECK_TIMEOUT_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function checkDatabase(pool: pg.Pool | Error, now: () => number): Promise<{ checks: Check[]; dbClockMs?: number; localAt?: number }> {
  if (pool instanceof Error) {
    return { checks: [{ name: 'database', ok: false, detail: pool.message, fix: 'Start the database server or fix DATABASE_URL; unset DATABASE_URL to use the embedded PostgreSQL.' }] };
  }
  try {
    const before = now();
    const r = await withTimeout(pool.query<{ ms: number; version: string }>(`SELECT extract(epoch FROM clock_timestamp()) * 1000 AS ms, current_setting('server_version') AS version`), 'SELECT');
    const localAt = (before + now()) / 2;
    const checks: Check[] = [{ name: 'database', ok: true, detail: `reachable (PostgreSQL ${r.rows[0]!.version})` }];
    const expected = loadMigrations().map((m) => m.version);
    const applied = await pool.query<{ version: number }>(`SELECT version FROM schema_migrations`).then(
      (x) => new Set(x.rows.map((v) => v.version)),
      () => new Set<number>(),
    );
    const pending = expected.filter((v) => !applied.has(v));
    checks.push(
      pending.length === 0
        ? { name: 'migrations', ok: true, detail: `all ${expected.length} applied` }
        : { name: 'migrations', ok: false, detail: `${pending.length} not applied: ${pending.map((v) => String(v).padStart(3, '0')).join(', ')}`, fix: 'Run `tiwen migrate` (every start applies them too).' },
    );
    const dialers = await liveDialers(pool, DIALER_SEEN_SECONDS).catch(() => []);
    checks.push({ name: 'dialers', ok: true, detail: dialers.length ? `${dialers.length} running: ${dialers.map((d) => d.id).join(', ')}` : 'none running (start `tiwen serve` or `tiwen dialer`)' });
    return { checks, dbClockMs: Number(r.rows[0]!.ms), localAt };
  } catch (err) {
    return { checks: [{ name: 'database', ok: false, detail: toError(err).message, fix: 'Start the database server or fix DATABASE_URL.' }] };
  }
}

async function checkCarrier(deps: DoctorDeps): Promise<{ check: Check; dateMs?: number; localAt?: number }> {
  if (!deps.telephony) return { check: { name: 'carrier', ok: true, detail: 'built-in simulator (no Twilio settings; nothing to check)' } };
  const sid = deps.config.twilio.accountSid!;
  const now = deps.now ?? Date.now;
  try {
    // The Account resource: the cheapest request that proves SID and token are accepted.
    const account = await withTimeout(deps.telephony.client.api.v2010.accounts(sid).fetch(), 'Twilio Account fetch');
    const check: Check =
      account.status === 'active'
        ? { name: 'carrier', ok: true, detail: `credentials accepted: account ${sid} "${account.friendlyName}" is active` }
        : { name: 'carrier', ok: false, detail: `account ${sid} is ${account.status}`, fix: 'Reactivate the account in the Twilio Console, or use another one.' };
    // The carrier's clock, from the Date header of an unauthenticated request.
    const base = deps.config.twilio.apiBaseUrl ?? 'https://api.twilio.com';
    const before = now();
    const res = await withTimeout(fetch(base, { method: 'HEAD' }), 'carrier clock');
    const date = Date.parse(res.headers.get('date') ?? '');
    return { check, ...(Number.isNaN(date) ? {} : { dateMs: date, localAt: (before + now()) / 2 }) };
  } catch (err) {
    const e = toError(err);
    const status = (err as { status?: number }).status;
    return {
      check: {
        name: 'carrier',
        ok: false,
        detail: status === 401 ? 'Twilio refused the credentials (401)' : `Twilio could not be asked: ${e.message}`,
        fix: status === 401 ? 'Check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (Twilio Console → Account → API keys & tokens).' : 'Check the network and TWILIO_API_BASE_URL.',
      },
    };
  }
}

async function checkPublicUrl(publicBaseUrl: string): Promise<Check> {
  const url = `${publicBaseUrl.replace(/\/+$/, '')}/healthz`;
  try {
    const res = await withTimeout(fetch(url), url);
    const body = (await res.json().catch(() => null)) as { ok?: unknown } | null;
    if (res.ok && body?.ok === true) return { name: 'public_url', ok: true, detail: `${url} answers: tiwen serve is reachable there` };
    return {
      name: 'public_url',
      ok: false,
      detail: `${url} answered HTTP ${res.status}${body?.ok === false ? ' (tiwen serve says its database is unreachable)' : ''}`,
      fix: 'PUBLIC_BASE_URL must lead to a running `tiwen serve` (its /healthz answers {"ok":true}).',
    };
  } catch (err) {
    return { name: 'public_url', ok: false, detail: `${url}: ${toError(err).message}`, fix: 'Start `tiwen serve`, and set PUBLIC_BASE_URL to where the carrier reaches it (a proxy or tunnel to PORT).' };
  }
}

function checkClock(db: { dbClockMs?: number; localAt?: number }, carrier: { dateMs?: number; localAt?: number }): Check {
  const parts: string[] = [];
  let worst = 0;
  if (db.dbClockMs !== undefined && db.localAt !== undefined) {
    const d = db.dbClockMs - db.localAt;
    worst = Math.max(worst, Math.abs(d));
    parts.push(`database ${d >= 0 ? '+' : ''}${Math.round(d)} ms`);
  }
  if (carrier.dateMs !== undefined && carrier.localAt !== undefined) {
    // The Date header has whole seconds: up to a second of difference is rounding.
    const d = carrier.dateMs - carrier.localAt;
    worst = Math.max(worst, Math.abs(d) - 1000);
    parts.push(`carrier ${d >= 0 ? '+' : ''}${Math.round(d / 1000)} s`);
  }
  if (parts.length === 0) return { name: 'clock', ok: true, detail: 'nothing to compare with' };
  const detail = `local clock vs ${parts.join(', ')}`;
  return worst <= MAX_CLOCK_SKEW_MS
    ? { name: 'clock', ok: true, detail }
    : { name: 'clock', ok: false, detail, fix: 'Synchronise the clocks (NTP, e.g. `timedatectl set-ntp true`): calling windows, leases and the reconciler\'s time windows depend on them.' };
}

export async function runDoctor(deps: DoctorDeps): Promise<DoctorReport> {
  const now = deps.now ?? Date.now;
  const [db, carrier, publicUrl] = await Promise.all([checkDatabase(deps.pool, now), checkCarrier(deps), checkPublicUrl(deps.publicBaseUrl)]);
  const checks = [...db.checks, carrier.check, publicUrl, checkClock(db, carrier)];
  return { ok: checks.every((c) => c.ok), checks };
}
