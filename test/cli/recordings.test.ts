/** `tiwen recordings purge`: old recordings deleted at the carrier (REST DELETE with the account), reported as JSON. */
import nock from 'nock';
import { claimCalls } from '../../src/adapters/store/postgres/dialQueue.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { seedRound } from '../helpers/fixtures.js';
import { tiwen } from '../helpers/cli.js';

const ACCOUNT = 'AC' + 'b'.repeat(32);
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
});
afterAll(async () => {
  nock.cleanAll();
  nock.enableNetConnect();
  await db.drop();
});

test('deletes recordings past the retention at the carrier and marks them; bad --days is refused', async () => {
  const { roundId } = await seedRound(db.pool, { community: 'cli-rec', households: 1 });
  const [c] = await claimCalls(db.pool, { roundId, owner: 't', provider: 'p', leaseSeconds: 60, accountCps: 100, accountLines: 100, batch: 1, lookaheadMs: 1000 });
  const url = `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Recordings/RE1`;
  await db.pool.query(`INSERT INTO turns (attempt_id, seq, prompt, recording_url, recording_sid, created_at) VALUES ($1, 1, 'fever_question', $2, 'RE1', now() - interval '40 days'), ($1, 2, 'fever_question', $3, 'RE2', now())`, [
    c!.attemptId,
    url,
    url.replace('RE1', 'RE2'),
  ]);
  const basic = 'Basic ' + Buffer.from(`${ACCOUNT}:tok`).toString('base64');
  const scope = nock('https://api.twilio.com', { reqheaders: { authorization: basic } }).delete(`/2010-04-01/Accounts/${ACCOUNT}/Recordings/RE1.json`).reply(204);
  const env = { DATABASE_URL: db.url, TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_AUTH_TOKEN: 'tok', TWILIO_FROM: '+15005550006' };

  const r = await tiwen(['recordings', 'purge', '--json'], env);

  expect([r.code, r.json]).toEqual([0, { deleted: 1, failed: 0, retentionDays: 30 }]);
  expect(scope.isDone()).toBe(true);
  const held = await db.pool.query<{ recording_sid: string }>('SELECT recording_sid FROM turns WHERE recording_deleted_at IS NULL AND recording_url IS NOT NULL');
  expect(held.rows.map((x) => x.recording_sid)).toEqual(['RE2']);

  const bad = await tiwen(['recordings', 'purge', '--days', 'zero'], env);
  expect(bad.code).not.toBe(0);
  expect(bad.stderr).toMatch(/--days zero is not a whole number/);
});
