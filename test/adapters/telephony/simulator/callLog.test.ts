/**
 * The carrier's call log: one JSON line per ended call, through one append stream.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import twilio from 'twilio';
import { parseScenario, startSimulator } from '../../../../src/adapters/telephony/simulator/index.js';
import type { CallLogRecord } from '../../../../src/adapters/telephony/simulator/index.js';
import { simulatorClient } from '../../../helpers/twilioClient.js';
import { startOurWebhooks } from './ourWebhooks.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tiwen-calllog-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('call log', () => {
  it('writes what the resident heard and said, per call', async () => {
    const callLogPath = path.join(dir, 'calls.jsonl');
    const sim = await startSimulator({
      callLogPath,
      scenario: parseScenario({
        timing: { speed: 1e6 },
        questions: [{ key: 'keypad', match: '请按' }, { key: 'temperature', match: '体温' }],
        numbers: {
          '+8617000000001': { outcome: 'answered', answers: [{ text: '有', confidence: 0.9 }, { text: '三十八度五', confidence: 0.88 }] },
          '+8617000000002': { outcome: 'busy' },
        },
      }),
    });
    const ours = await startOurWebhooks(sim.authToken);
    const client = simulatorClient(sim);
    try {
      ours.route('/answer', () => {
        const r = new twilio.twiml.VoiceResponse();
        r.say('您好。');
        r.gather({ input: ['speech'], action: '/temperature' }).say('请问您家里有人发烧吗？');
        return r.toString();
      });
      ours.route('/temperature', () => {
        const r = new twilio.twiml.VoiceResponse();
        r.gather({ input: ['speech'], action: '/bye' }).say('请问体温是多少度？');
        return r.toString();
      });
      ours.route('/bye', () => new twilio.twiml.VoiceResponse().hangup().toString());
      const a = await client.calls.create({ to: '+8617000000001', from: '+8602700000000', url: `${ours.url}/answer` });
      const b = await client.calls.create({ to: '+8617000000002', from: '+8602700000000', url: `${ours.url}/answer` });
      await sim.idle();
      const lines = readFileSync(callLogPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as CallLogRecord);
      expect(lines).toHaveLength(2);
      const answered = lines.find((l) => l.sid === a.sid)!;
      expect(answered).toMatchObject({ to: '+8617000000001', from: '+8602700000000', status: 'completed', answered_by: null, persona: 'script', errors: [] });
      expect(answered.said).toEqual([
        { question: 'fever', heard: '您好。 请问您家里有人发烧吗？', answer: '有', kind: 'speech', confidence: 0.9, delivered: true },
        { question: 'temperature', heard: '请问体温是多少度？', answer: '三十八度五', kind: 'speech', confidence: 0.88, delivered: true },
      ]);
      expect(answered.duration).toBeGreaterThanOrEqual(1);
      expect(Date.parse(answered.answered_at!)).toBeGreaterThanOrEqual(Date.parse(answered.created_at));
      expect(lines.find((l) => l.sid === b.sid)).toMatchObject({ status: 'busy', answered_at: null, duration: 0, said: [] });
    } finally {
      client.close();
      await sim.close();
      await ours.close();
    }
  });
});
