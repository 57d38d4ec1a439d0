/**
 * End-to-end throughput through the simulator with a trivial webhook server: SDK
 * create + initiated/ringing/answered/completed callbacks + answer + gather action
 * per call. A smoke check (the benchmark measures the real thing): it logs calls/s.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import { loadScenario, scenarioFile, startSimulator } from '../../../../src/adapters/telephony/simulator/index.js';
import { simulatorClient } from '../../../helpers/twilioClient.js';

const CALLS = Number(process.env.SIM_THROUGHPUT_CALLS ?? 3000);
const IN_FLIGHT = 200;

const ASK = '<?xml version="1.0" encoding="UTF-8"?><Response><Gather input="speech dtmf" action="/gather?attempt=1" language="cmn-Hans-CN"><Say language="zh-CN">请问您家里有人发烧吗？</Say></Gather></Response>';
const BYE = '<?xml version="1.0" encoding="UTF-8"?><Response><Say language="zh-CN">谢谢，再见。</Say><Hangup/></Response>';

describe('throughput', () => {
  it(`completes ${CALLS} calls end to end`, async () => {
    let gathers = 0;
    const server = http.createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.url?.startsWith('/status')) return void res.writeHead(204).end();
        if (req.url?.startsWith('/gather')) gathers++;
        res.writeHead(200, { 'Content-Type': 'text/xml' }).end(req.url?.startsWith('/answer') ? ASK : BYE);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const ours = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const sim = await startSimulator({ scenario: loadScenario(scenarioFile('bench')) });
    const client = simulatorClient(sim);
    try {
      const started = performance.now();
      let next = 0;
      const worker = async () => {
        while (next < CALLS) {
          const i = next++;
          await client.calls.create({
            to: `+86138${String(i).padStart(8, '0')}`,
            from: '+8602700000000',
            url: `${ours}/answer?attempt=${i}`,
            statusCallback: `${ours}/status?attempt=${i}`,
            statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
          });
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
      await sim.idle();
      const seconds = (performance.now() - started) / 1000;
      const stats = sim.stats();
      process.stderr.write(`simulator throughput: ${CALLS} calls in ${seconds.toFixed(2)} s = ${(CALLS / seconds).toFixed(0)} calls/s (maxActive ${stats.maxActive}, webhooks ${stats.webhooksSent + stats.callbacksSent})\n`);
      expect(stats).toMatchObject({ completed: CALLS, webhookErrors: 0, byStatus: { completed: CALLS } });
      expect(gathers).toBe(CALLS);
      expect(CALLS / seconds).toBeGreaterThan(100);
    } finally {
      client.close();
      await sim.close();
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
    }
  });
});
