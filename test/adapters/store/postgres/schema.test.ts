import { createTestDatabase, type TestDatabase } from '../../../helpers/db.js';
import { migrate } from '../../../../src/adapters/store/postgres/migrate.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

async function community(name = 'c1'): Promise<number> {
  const r = await db.pool.query<{ id: number }>('INSERT INTO communities (name) VALUES ($1) RETURNING id', [name]);
  return r.rows[0]!.id;
}

describe('schema constraints', () => {
  test('migrations are idempotent', async () => {
    expect(await migrate(db.pool)).toEqual([]);
  });

  test('one phone per community, the same phone allowed in another community', async () => {
    const a = await community('dup-a');
    const b = await community('dup-b');
    await db.pool.query(`INSERT INTO residents (community_id, phone) VALUES ($1, '+8613800000001')`, [a]);
    await expect(db.pool.query(`INSERT INTO residents (community_id, phone) VALUES ($1, '+8613800000001')`, [a])).rejects.toThrow(/unique/);
    await db.pool.query(`INSERT INTO residents (community_id, phone) VALUES ($1, '+8613800000001')`, [b]);
  });

  test('phones must be E.164', async () => {
    const a = await community('e164');
    await expect(db.pool.query(`INSERT INTO residents (community_id, phone) VALUES ($1, '13800000001')`, [a])).rejects.toThrow(/check/);
  });

  test('never two live calls to one household', async () => {
    const c = await community('live');
    const res = await db.pool.query<{ id: number }>(`INSERT INTO residents (community_id, phone) VALUES ($1, '+8613800000002') RETURNING id`, [c]);
    const rid = res.rows[0]!.id;
    const rounds = await db.pool.query<{ id: number }>(
      `INSERT INTO rounds (community_id, window_start, window_end, max_attempts, cps, lines)
       VALUES ($1,'08:00','20:00',3,5,5), ($1,'08:00','20:00',3,5,5) RETURNING id`, [c]);
    const [r1, r2] = rounds.rows.map((r) => r.id);
    await db.pool.query(`INSERT INTO calls (round_id, resident_id, status) VALUES ($1, $2, 'dialing')`, [r1, rid]);
    await expect(db.pool.query(`INSERT INTO calls (round_id, resident_id, status) VALUES ($1, $2, 'in_progress')`, [r2, rid])).rejects.toThrow(/calls_one_live_per_household/);
    await db.pool.query(`INSERT INTO calls (round_id, resident_id, status) VALUES ($1, $2, 'pending')`, [r2, rid]);
  });

  test('a done call must carry an outcome', async () => {
    const c = await community('outcome');
    const res = await db.pool.query<{ id: number }>(`INSERT INTO residents (community_id, phone) VALUES ($1, '+8613800000003') RETURNING id`, [c]);
    const round = await db.pool.query<{ id: number }>(
      `INSERT INTO rounds (community_id, window_start, window_end, max_attempts, cps, lines) VALUES ($1,'08:00','20:00',3,5,5) RETURNING id`, [c]);
    await expect(db.pool.query(`INSERT INTO calls (round_id, resident_id, status) VALUES ($1, $2, 'done')`, [round.rows[0]!.id, res.rows[0]!.id])).rejects.toThrow(/check/);
    await expect(db.pool.query(`INSERT INTO calls (round_id, resident_id, status, outcome) VALUES ($1, $2, 'done', 'maybe')`, [round.rows[0]!.id, res.rows[0]!.id])).rejects.toThrow(/screening_outcome/);
  });
});
