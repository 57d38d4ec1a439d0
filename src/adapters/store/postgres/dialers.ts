/**
 * Dialer processes and the calls they hold: the `dialers` table (which dialers are
 * alive, read by `tiwen doctor`), cleaned of rows whose process died, and the
 * after-outage reconciliation of a dialer's live calls.
 */
import type { Executor } from './database.js';

export interface DialerRow {
  id: string;
  host: string;
  pid: number;
  startedAt: Date;
  seenAt: Date;
}

/** Deletes rows of dialers not seen for `seconds` (killed processes never delete their own). */
export async function forgetStaleDialers(db: Executor, seconds: number): Promise<number> {
  const r = await db.query(`DELETE FROM dialers WHERE seen_at < now() - make_interval(secs => $1)`, [seconds]);
  return r.rowCount ?? 0;
}

/** Dialers seen within `seconds`. */
export async function liveDialers(db: Executor, seconds: number): Promise<DialerRow[]> {
  const r = await db.query<DialerRow>(
    `SELECT id, host, pid, started_at AS "startedAt", seen_at AS "seenAt" FROM dialers WHERE seen_at >= now() - make_interval(secs => $1) ORDER BY id`,
    [seconds],
  );
  return r.rows;
}

/**
 * Lets the leases of every live call `owner` holds run out within `seconds`, so that
 * the reconciler asks the carrier about each (after a database outage their webhooks
 * may have failed). Returns how many.
 */
export async function reconcileOwnLiveSoon(db: Executor, owner: string, seconds: number): Promise<number> {
  const r = await db.query(
    `UPDATE calls SET lease_expires_at = least(lease_expires_at, now() + make_interval(secs => $2)), updated_at = now()
      WHERE lease_owner = $1 AND status IN ('dialing', 'in_progress')`,
    [owner, seconds],
  );
  return r.rowCount ?? 0;
}
