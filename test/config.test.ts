import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, recordingsOn, SETTINGS, usesTwilio } from '../src/config.js';

const emptyDir = mkdtempSync(path.join(os.tmpdir(), 'tiwen-config-'));

describe('loadConfig', () => {
  test('defaults', () => {
    const c = loadConfig({}, emptyDir);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir).toBe('.tiwen');
    expect(c.http.port).toBe(3000);
    expect(c.round.defaultWindow).toBe('08:30-20:30');
    expect(usesTwilio(c)).toBe(false);
  });

  test('environment overrides files, files override defaults', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tiwen-config-'));
    writeFileSync(path.join(dir, 'local.json'), JSON.stringify({ dialer: { defaultCps: 20, defaultLines: 40 } }));
    const c = loadConfig({ TIWEN_CPS: '25' }, dir);
    expect(c.dialer.defaultCps).toBe(25);
    expect(c.dialer.defaultLines).toBe(40);
  });

  test('speech defaults: asynchronous AMD, recordings with Google STT only, 30 days of retention', () => {
    const c = loadConfig({}, emptyDir);
    expect(c.dialer.machineDetection).toBe('async');
    expect([c.speech.stt, c.speech.tts, c.speech.recordings, c.speech.recordingRetentionDays]).toEqual(['gather', 'say', 'auto', 30]);
    expect(recordingsOn(c)).toBe(false);
    expect(recordingsOn(loadConfig({ TIWEN_STT: 'google' }, emptyDir))).toBe(true);
    expect(recordingsOn(loadConfig({ TIWEN_STT: 'google', TIWEN_RECORDINGS: 'off' }, emptyDir))).toBe(false);
    expect(recordingsOn(loadConfig({ TIWEN_RECORDINGS: 'on' }, emptyDir))).toBe(true);
    expect(loadConfig({ GOOGLE_APPLICATION_CREDENTIALS: '/k.json', GOOGLE_CLOUD_PROJECT: 'p' }, emptyDir).google).toEqual({ credentialsFile: '/k.json', projectId: 'p' });
  });

  test('an unknown speech choice names the setting', () => {
    expect(() => loadConfig({ TIWEN_STT: 'whisper' }, emptyDir)).toThrow(/speech.stt \(TIWEN_STT\)/);
    expect(() => loadConfig({ TIWEN_MACHINE_DETECTION: 'sync' }, emptyDir)).toThrow(/dialer.machineDetection \(TIWEN_MACHINE_DETECTION\)/);
  });

  test('a bad number names the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' }, emptyDir)).toThrow(/PORT="eighty" is not a whole number/);
  });

  test('a value out of range names the setting and its variable', () => {
    expect(() => loadConfig({ TIWEN_LEASE_SECONDS: '1' }, emptyDir)).toThrow(/dialer.leaseSeconds \(TIWEN_LEASE_SECONDS\)/);
  });

  test('partial Twilio settings are refused', () => {
    expect(() => loadConfig({ TWILIO_ACCOUNT_SID: 'AC' + 'a'.repeat(32) }, emptyDir)).toThrow(/TWILIO_AUTH_TOKEN, TWILIO_FROM missing/);
  });

  test('the account calls-per-second cap follows the carrier: Twilio\'s default of 1, the simulator 100, an explicit value wins', () => {
    const twilio = { TWILIO_ACCOUNT_SID: 'AC' + 'a'.repeat(32), TWILIO_AUTH_TOKEN: 't', TWILIO_FROM: '+15005550006' };
    expect(loadConfig(twilio, emptyDir).dialer.accountCps).toBe(1);
    expect(loadConfig({}, emptyDir).dialer.accountCps).toBe(100);
    expect(loadConfig({ ...twilio, TIWEN_ACCOUNT_CPS: '30' }, emptyDir).dialer.accountCps).toBe(30);
  });

  test('full Twilio settings select Twilio', () => {
    const c = loadConfig({ TWILIO_ACCOUNT_SID: 'AC' + 'a'.repeat(32), TWILIO_AUTH_TOKEN: 't', TWILIO_FROM: '+15005550006' }, emptyDir);
    expect(usesTwilio(c)).toBe(true);
  });

  test('a broken TIWEN_CONFIG file is reported with its path', () => {
    const file = path.join(emptyDir, 'broken.json');
    writeFileSync(file, '{ nope');
    expect(() => loadConfig({ TIWEN_CONFIG: file }, emptyDir)).toThrow(/broken.json is not valid JSON/);
  });

  test('every setting has a distinct environment variable and a description', () => {
    const envs = SETTINGS.map((s) => s.env);
    expect(new Set(envs).size).toBe(envs.length);
    for (const s of SETTINGS) expect(s.doc.length).toBeGreaterThan(10);
  });
});
