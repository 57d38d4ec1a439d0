import { importResidents } from '../../src/app/importResidents.js';
import { changeRound, createRound, roundList, roundStatus } from '../../src/app/rounds.js';
import { loadConfig } from '../../src/config.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { tempDir } from '../helpers/files.js';

let db: TestDatabase;
const tmp = tempDir();
const config = loadConfig({}, tmp.dir);

beforeAll(async () => {
  db = await createTestDatabase();
  const csv = ['姓名,电话,网格,免打扰', '甲,13800000001,一网格,', '乙,13800000002,一网格,是', '丙,13800000003,二网格,', '丁,13800000004,二网格,'].join('\n');
  await importResidents(db.pool, { file: tmp.file('r.csv', csv), community: '花园社区', skipInvalid: false, timezone: 'Asia/Shanghai' });
});
afterAll(async () => {
  await db.drop();
  tmp.cleanup();
});

describe('rounds', () => {
  test('create expands into one pending call per dialable household, do-not-call excluded', async () => {
    const r = await createRound(db.pool, config, { community: '花园社区' });
    expect(r).toMatchObject({ status: 'created', households: 3, window: '08:30-20:30', maxAttempts: 3, cps: 10, lines: 30 });
    const s = await roundStatus(db.pool, r.id);
    expect(s.calls).toEqual({ pending: 3, dialing: 0, in_progress: 0, done: 0, cancelled: 0 });
    expect(s.outcomes).toEqual({ fever: 0, no_fever: 0, unclear: 0, unreachable: 0, callback: 0, wrong_number: 0, refused: 0 });
  });

  test('grid filter and explicit settings', async () => {
    const r = await createRound(db.pool, config, { community: '花园社区', grids: ['二网格'], window: '09:00-18:00', maxAttempts: 5, cps: 2.5, lines: 4 });
    expect(r).toMatchObject({ households: 2, grids: ['二网格'], window: '09:00-18:00', maxAttempts: 5, cps: 2.5, lines: 4 });
  });

  test.each([
    ['unknown community', { community: '不存在社区' }, /Community "不存在社区" does not exist/],
    ['unknown grid', { community: '花园社区', grids: ['九网格'] }, /Grid "九网格" not found.*/],
    ['bad window', { community: '花园社区', window: '20:00-08:00' }, /Calling window "20:00-08:00" is not valid/],
    ['bad attempts', { community: '花园社区', maxAttempts: 0 }, /--max-attempts 0 is out of range/],
    ['bad cps', { community: '花园社区', cps: 0 }, /--cps 0 is out of range/],
  ])('%s is refused and creates nothing', async (_name, options, message) => {
    const before = (await db.pool.query('SELECT count(*)::int AS n FROM rounds')).rows[0].n;
    await expect(createRound(db.pool, config, options)).rejects.toThrow(message);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM rounds')).rows[0].n).toBe(before);
  });

  test('life cycle: start, pause, resume, cancel; cancel leaves nothing pending', async () => {
    const { id } = await createRound(db.pool, config, { community: '花园社区' });
    await expect(changeRound(db.pool, id, 'pause')).rejects.toThrow(/has not been started/);
    expect((await changeRound(db.pool, id, 'start')).status).toBe('running');
    await expect(changeRound(db.pool, id, 'start')).rejects.toThrow(/already running/);
    expect((await changeRound(db.pool, id, 'pause')).status).toBe('paused');
    expect((await changeRound(db.pool, id, 'resume')).status).toBe('running');
    const cancelled = await changeRound(db.pool, id, 'cancel');
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelledCalls: 3 });
    expect((await roundStatus(db.pool, id)).calls).toMatchObject({ pending: 0, cancelled: 3 });
    await expect(changeRound(db.pool, id, 'resume')).rejects.toThrow(/Cannot resume round \d+: round \d+ was cancelled/);
    const audit = await db.pool.query("SELECT action FROM audit_log WHERE entity = 'round' AND entity_id = $1 ORDER BY id", [String(id)]);
    expect(audit.rows.map((r) => r.action)).toEqual(['round.create', 'round.start', 'round.pause', 'round.resume', 'round.cancel']);
  });

  test('an unknown round is a clear error', async () => {
    await expect(roundStatus(db.pool, 99999)).rejects.toThrow(/Round 99999 does not exist/);
    await expect(changeRound(db.pool, 99999, 'start')).rejects.toThrow(/Round 99999 does not exist/);
  });

  test('list shows the newest first', async () => {
    const list = await roundList(db.pool);
    expect(list.length).toBeGreaterThanOrEqual(3);
    expect(list[0]!.id).toBeGreaterThan(list[1]!.id);
  });
});
