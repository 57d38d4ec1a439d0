/**
 * The benchmark's yardstick: a plain write-transaction rate on the same database in
 * the same run, in the manner of `pgbench -N` (simple update: UPDATE an account,
 * SELECT its balance, INSERT a history row, one transaction each). Software figures
 * travel between machines as a ratio to it; an absolute calls-per-second figure says
 * as much about the machine as about the software.
 */
import { randomInt } from 'node:crypto';
import type pg from 'pg';

export interface ReferenceFigure {
  clients: number;
  seconds: number;
  transactions: number;
  /** Committed write transactions per second. */
  tps: number;
}

/** pgbench's scale 1: 100,000 accounts. */
const ACCOUNTS = 100_000;

/** Runs `clients` connections doing pgbench -N transactions for `seconds`; the tables are dropped after. */
export async function measureWriteRate(pool: pg.Pool, o: { clients: number; seconds: number }): Promise<ReferenceFigure> {
  await pool.query(`DROP TABLE IF EXISTS bench_ref_history, bench_ref_accounts`);
  await pool.query(`CREATE TABLE bench_ref_accounts (aid int PRIMARY KEY, abalance int NOT NULL DEFAULT 0, filler char(84))`);
  await pool.query(`CREATE TABLE bench_ref_history (aid int NOT NULL, delta int NOT NULL, mtime timestamptz NOT NULL DEFAULT now(), filler char(22))`);
  await pool.query(`INSERT INTO bench_ref_accounts (aid) SELECT generate_series(1, $1)`, [ACCOUNTS]);
  await pool.query(`VACUUM ANALYZE bench_ref_accounts`);
  try {
    const clients = await Promise.all(Array.from({ length: o.clients }, () => pool.connect()));
    let transactions = 0;
    const started = performance.now();
    const until = started + o.seconds * 1000;
    try {
      await Promise.all(
        clients.map(async (c) => {
          while (performance.now() < until) {
            const aid = randomInt(1, ACCOUNTS + 1);
            const delta = randomInt(-5000, 5001);
            await c.query('BEGIN');
            await c.query({ name: 'ref-update', text: 'UPDATE bench_ref_accounts SET abalance = abalance + $1 WHERE aid = $2', values: [delta, aid] });
            await c.query({ name: 'ref-select', text: 'SELECT abalance FROM bench_ref_accounts WHERE aid = $1', values: [aid] });
            await c.query({ name: 'ref-insert', text: 'INSERT INTO bench_ref_history (aid, delta) VALUES ($1, $2)', values: [aid, delta] });
            await c.query('COMMIT');
            transactions++;
          }
        }),
      );
    } finally {
      for (const c of clients) c.release();
    }
    const seconds = (performance.now() - started) / 1000;
    return { clients: o.clients, seconds: Math.round(seconds * 100) / 100, transactions, tps: Math.round((transactions / seconds) * 10) / 10 };
  } finally {
    await pool.query(`DROP TABLE IF EXISTS bench_ref_history, bench_ref_accounts`);
  }
}
