/** Who uses an embedded server: the last user out stops it; files of dead processes do not count. */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ServerUsers } from '../../../../src/adapters/store/postgres/embedded.js';
import { tempDir } from '../../../helpers/files.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

test('each registration counts for the others until it leaves; a dead pid is stale and removed', () => {
  const dataDir = path.join(tmp.dir, 'pg');
  const a = new ServerUsers(dataDir);
  const b = new ServerUsers(dataDir);
  a.register();
  b.register();
  expect(a.others()).toBe(1);
  // A process killed without cleanup: pid 2^22 + 1 is above the largest pid Linux allows, so never alive.
  mkdirSync(`${dataDir}.users`, { recursive: true });
  const stale = path.join(`${dataDir}.users`, '4194305-deadbeef');
  writeFileSync(stale, '4194305\n');
  expect(a.others()).toBe(1);
  expect(existsSync(stale)).toBe(false);
  b.leave();
  expect(a.others()).toBe(0);
  a.leave();
  expect(readdirSync(`${dataDir}.users`)).toEqual([]);
});
