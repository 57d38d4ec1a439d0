/**
 * A round through `tiwen serve`'s parts in this process (HTTP server and dialer, real
 * PostgreSQL, the official SDK) against the simulator in a process of its own, with
 * the carrier behaviour a scenario asks for.
 */
import path from 'node:path';
import { loadConfig } from '../../../src/config.js';
import { silentLogger } from '../../../src/log.js';
import { importResidents } from '../../../src/app/importResidents.js';
import { changeRound, createRound, roundStatus } from '../../../src/app/rounds.js';
import { createDialer, setupCarrier, startServer } from '../../../src/app/runtime.js';
import type { DialerStats } from '../../../src/app/dialer.js';
import { startSimProcess } from '../../../src/app/bench/simProcess.js';
import type { SimulatorStats } from '../../../src/adapters/telephony/simulator/index.js';
import { createTestDatabase } from '../../helpers/db.js';
import { tempDir } from '../../helpers/files.js';
import { waitFor } from '../../helpers/wait.js';
import { measure, registerCsv, roundEnv, type Figures } from './harness.js';

export async function carrierRound(o: { scenario: string; households: number; cps: number; lines: number; population: object; prefix: string }): Promise<{ figures: Figures; sim: SimulatorStats; dialer: DialerStats }> {
  const tmp = tempDir();
  const db = await createTestDatabase();
  const callLog = path.join(tmp.dir, 'calls.jsonl');
  const sim = await startSimProcess(o.population, tmp.dir, callLog);
  const logger = silentLogger();
  try {
    const config = loadConfig(
      {
        DATABASE_URL: db.url,
        TWILIO_ACCOUNT_SID: sim.accountSid,
        TWILIO_AUTH_TOKEN: sim.authToken,
        TWILIO_FROM: '+862700000000',
        TWILIO_API_BASE_URL: sim.url,
        ...roundEnv({ cps: o.cps, lines: o.lines }),
      },
      tmp.dir,
    );
    await importResidents(db.pool, { file: tmp.file('r.csv', registerCsv(o.households, o.prefix)), community: '故障社区', skipInvalid: false, timezone: 'Asia/Shanghai' });
    const carrier = await setupCarrier(config, logger);
    const server = await startServer({ config, logger, pool: db.pool, authToken: carrier.authToken, port: 0, host: '127.0.0.1' });
    const dialer = createDialer({ config, logger, pool: db.pool, carrier, callEvents: server.callEvents, publicBaseUrl: server.publicBaseUrl });
    await dialer.start();
    try {
      const round = await createRound(db.pool, config, { community: '故障社区', cps: o.cps, lines: o.lines, window: '00:00-24:00', maxAttempts: 4 });
      await changeRound(db.pool, round.id, 'start');
      await waitFor(async () => (await roundStatus(db.pool, round.id)).status === 'completed', 'the round to complete', 120_000, 200);
      const stats = await waitFor(async () => {
        const s = await sim.stats();
        return s.active === 0 && s.queued === 0 && s.pendingCallbacks === 0 ? s : undefined;
      }, 'the carrier to be idle');
      await sim.stop();
      const figures = await measure({ scenario: o.scenario, pool: db.pool, roundId: round.id, callLog, cps: o.cps, lines: o.lines });
      return { figures, sim: stats, dialer: dialer.stats() };
    } finally {
      await dialer.stop();
      await server.close();
      await carrier.close();
    }
  } finally {
    await sim.stop();
    await db.drop();
    tmp.cleanup();
  }
}
