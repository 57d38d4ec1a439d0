/** Staff listening to recordings (through our server, audited) and the retention job. */
import { purgeRecordings, recordingPlayer } from '../../src/app/recordings.js';
import type { RecordingStore } from '../../src/adapters/telephony/twilio/recordings.js';
import { claimCalls } from '../../src/adapters/store/postgres/dialQueue.js';
import { silentLogger } from '../../src/log.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { seedRound } from '../helpers/fixtures.js';

let db: TestDatabase;
let attemptId: number;
beforeAll(async () => {
  db = await createTestDatabase();
  const { roundId } = await seedRound(db.pool, { community: 'rec', households: 1 });
  const [c] = await claimCalls(db.pool, { roundId, owner: 't', provider: 'p', leaseSeconds: 60, accountCps: 100, accountLines: 100, batch: 1, lookaheadMs: 1000 });
  attemptId = c!.attemptId;
});
afterAll(() => db.drop());

function fakeStore(o: { refuseDelete?: string[] } = {}): RecordingStore & { fetched: string[]; deleted: string[] } {
  const fetched: string[] = [];
  const deleted: string[] = [];
  return {
    fetched,
    deleted,
    async fetch(url) {
      fetched.push(url);
      return { contentType: 'audio/x-wav', body: Buffer.from(`audio of ${url}`) };
    },
    async delete(url) {
      if (o.refuseDelete?.includes(url)) throw new Error('HTTP 500');
      deleted.push(url);
    },
  };
}

async function turn(seq: number, o: { url?: string | null; daysAgo?: number }): Promise<number> {
  const r = await db.pool.query<{ id: string }>(
    `INSERT INTO turns (attempt_id, seq, prompt, transcript, recording_url, recording_sid, created_at)
     VALUES ($1, $2, 'fever_question', '没有', $3, $4, now() - make_interval(days => $5)) RETURNING id`,
    [attemptId, seq, o.url ?? null, o.url ? `RE${seq}` : null, o.daysAgo ?? 0],
  );
  return Number(r.rows[0]!.id);
}

async function readAll(body: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks).toString();
}

describe('recordings', () => {
  test('a turn\'s recording is fetched for staff and the access written to the audit log', async () => {
    const id = await turn(1, { url: 'https://api.twilio.com/r/RE1' });
    const store = fakeStore();
    const play = recordingPlayer({ pool: db.pool, recordings: store });

    const audio = await play(id, 'wang');

    expect(audio!.contentType).toBe('audio/x-wav');
    expect(await readAll(audio!.body)).toBe('audio of https://api.twilio.com/r/RE1');
    const log = await db.pool.query(`SELECT actor, action, entity, entity_id, detail FROM audit_log WHERE action = 'recording.play'`);
    expect(log.rows).toEqual([{ actor: 'wang', action: 'recording.play', entity: 'turn', entity_id: String(id), detail: { recordingSid: 'RE1', attemptId } }]);
  });

  test('no recording, no turn, or a bad id: null, nothing fetched', async () => {
    const id = await turn(2, { url: null });
    const store = fakeStore();
    const play = recordingPlayer({ pool: db.pool, recordings: store });
    expect([await play(id), await play(99_999_999), await play(-1), await play(Number.NaN)]).toEqual([null, null, null, null]);
    expect(store.fetched).toEqual([]);
  });

  test('retention deletes old recordings at the carrier, keeps recent ones, retries refused ones next run', async () => {
    const old1 = await turn(3, { url: 'https://api.twilio.com/r/RE3', daysAgo: 40 });
    const old2 = await turn(4, { url: 'https://api.twilio.com/r/RE4', daysAgo: 31 });
    const recent = await turn(5, { url: 'https://api.twilio.com/r/RE5', daysAgo: 29 });
    const store = fakeStore({ refuseDelete: ['https://api.twilio.com/r/RE4'] });

    const first = await purgeRecordings({ pool: db.pool, recordings: store, retentionDays: 30, logger: silentLogger() });
    expect(first).toEqual({ deleted: 1, failed: 1, retentionDays: 30 });
    expect(store.deleted).toEqual(['https://api.twilio.com/r/RE3']);

    const again = fakeStore();
    expect(await purgeRecordings({ pool: db.pool, recordings: again, retentionDays: 30, logger: silentLogger() })).toEqual({ deleted: 1, failed: 0, retentionDays: 30 });
    expect(again.deleted).toEqual(['https://api.twilio.com/r/RE4']);

    const rows = await db.pool.query<{ id: string; deleted: boolean }>('SELECT id, recording_deleted_at IS NOT NULL AS deleted FROM turns WHERE id = ANY($1) ORDER BY id', [[old1, old2, recent]]);
    expect(rows.rows.map((r) => r.deleted)).toEqual([true, true, false]);
    // A deleted recording is no longer played, and 0 days keeps everything.
    expect(await recordingPlayer({ pool: db.pool, recordings: again })(old1)).toBeNull();
    expect(await purgeRecordings({ pool: db.pool, recordings: again, retentionDays: 0, logger: silentLogger() })).toEqual({ deleted: 0, failed: 0, retentionDays: 0 });
    const audits = await db.pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'recordings.purge'`);
    expect(audits.rows[0].n).toBe(2);
  });
});
