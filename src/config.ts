/**
 * Configuration: read once, validated, typed.
 *
 * Sources, later ones win: built-in defaults < `config/local.json` (git-ignored,
 * optional) < the file named by `TIWEN_CONFIG` <
 * environment variables. Every setting is listed in SETTINGS (the README table is
 * written from it) and validated with zod; an invalid value stops the program with a
 * message naming the setting and where it came from.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from './errors.js';
import { packageRoot } from './util/paths.js';

const windowPattern = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/;

export const configSchema = z.object({
  databaseUrl: z.string().min(1).optional(),
  dataDir: z.string().min(1),
  embeddedPgPort: z.number().int().min(0).max(65535),
  logLevel: z.enum(['error', 'warn', 'info', 'debug']),
  logFormat: z.enum(['auto', 'json', 'pretty']),
  http: z.object({
    port: z.number().int().min(0).max(65535),
    host: z.string().min(1),
    publicBaseUrl: z.string().url().optional(),
  }),
  twilio: z.object({
    accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must look like AC followed by 32 hex digits').optional(),
    authToken: z.string().min(1).optional(),
    from: z.string().min(1).optional(),
    apiBaseUrl: z.string().url().optional(),
  }),
  dialer: z.object({
    defaultCps: z.number().positive().max(1000),
    defaultLines: z.number().int().positive().max(100000),
    accountCps: z.number().positive().max(10000),
    accountLines: z.number().int().positive().max(1000000),
    lookaheadMs: z.number().int().min(10).max(5000),
    maxInflightRequests: z.number().int().min(1).max(10000),
    claimBatch: z.number().int().positive().max(1000),
    leaseSeconds: z.number().int().min(5).max(3600),
    ringTimeoutSeconds: z.number().int().min(5).max(600),
    machineDetection: z.enum(['async', 'off', 'Enable', 'DetectMessageEnd']),
    voicemailAction: z.enum(['hangup', 'notice']),
  }),
  retry: z.object({
    busySeconds: z.number().int().min(0),
    noAnswerSeconds: z.number().int().min(0),
    voicemailSeconds: z.number().int().min(0),
    carrierErrorBaseSeconds: z.number().int().min(0),
    carrierErrorMaxSeconds: z.number().int().min(0),
    callbackDefaultSeconds: z.number().int().min(0),
    timeScale: z.number().positive().max(1000),
  }),
  round: z.object({
    defaultWindow: z.string().regex(windowPattern, 'must be HH:MM-HH:MM'),
    defaultMaxAttempts: z.number().int().min(1).max(10),
    defaultTimezone: z.string().min(1),
  }),
  speech: z.object({
    language: z.string().min(1),
    voice: z.string().min(1),
    tts: z.enum(['say', 'google']),
    stt: z.enum(['gather', 'google']),
    ttsVoice: z.string().min(1),
    sttTimeoutMs: z.number().int().min(500).max(12000),
    recordings: z.enum(['auto', 'on', 'off']),
    recordingRetentionDays: z.number().int().min(0).max(3650),
  }),
  google: z.object({
    credentialsFile: z.string().min(1).optional(),
    projectId: z.string().min(1).optional(),
    speechEndpoint: z.string().min(1).optional(),
    ttsEndpoint: z.string().min(1).optional(),
  }),
  console: z.object({
    sessionSecret: z.string().min(16, 'must be at least 16 characters').optional(),
    sessionHours: z.number().positive().max(24 * 30),
    metricsToken: z.string().min(16, 'must be at least 16 characters').optional(),
    trustProxy: z.number().int().min(0).max(10),
  }),
});

export type Config = z.infer<typeof configSchema>;

type Kind = 'string' | 'int' | 'number';

/** Twilio's calls-per-second default for an account (Programmable Voice), raised in its Console. */
export const TWILIO_DEFAULT_CPS = 1;
/** The built-in simulator has no limit of its own unless its scenario sets one. */
export const SIMULATOR_DEFAULT_CPS = 100;

/** One setting: where it lives in Config, its environment variable, default and meaning. */
export interface Setting {
  path: string;
  env: string;
  kind: Kind;
  default: string | number | undefined;
  doc: string;
}

/** Every setting. The README's configuration table lists exactly these. */
export const SETTINGS: readonly Setting[] = [
  { path: 'databaseUrl', env: 'DATABASE_URL', kind: 'string', default: undefined, doc: 'PostgreSQL connection string. Unset: start the embedded PostgreSQL under the data folder.' },
  { path: 'dataDir', env: 'TIWEN_DATA_DIR', kind: 'string', default: '.tiwen', doc: 'Folder for the embedded PostgreSQL data (`<dir>/pg`) and other local state; relative to the working directory.' },
  { path: 'embeddedPgPort', env: 'TIWEN_PG_PORT', kind: 'int', default: 0, doc: 'Port for the embedded PostgreSQL; 0 picks a free one.' },
  { path: 'logLevel', env: 'LOG_LEVEL', kind: 'string', default: 'info', doc: 'error, warn, info or debug.' },
  { path: 'logFormat', env: 'LOG_FORMAT', kind: 'string', default: 'auto', doc: 'json, pretty, or auto (pretty on a terminal, JSON otherwise).' },
  { path: 'http.port', env: 'PORT', kind: 'int', default: 3000, doc: 'HTTP port of `tiwen serve` (webhooks, web page, /healthz, /metrics).' },
  { path: 'http.host', env: 'HOST', kind: 'string', default: '0.0.0.0', doc: 'Interface the HTTP server binds to.' },
  { path: 'http.publicBaseUrl', env: 'PUBLIC_BASE_URL', kind: 'string', default: undefined, doc: 'Base URL where the carrier reaches our webhooks (e.g. https://tiwen.example.org). Defaults to http://127.0.0.1:PORT.' },
  { path: 'twilio.accountSid', env: 'TWILIO_ACCOUNT_SID', kind: 'string', default: undefined, doc: 'Twilio account SID. With SID, token and caller id set, calls go through Twilio; otherwise through the built-in simulator.' },
  { path: 'twilio.authToken', env: 'TWILIO_AUTH_TOKEN', kind: 'string', default: undefined, doc: 'Twilio auth token (also the key that signs webhooks).' },
  { path: 'twilio.from', env: 'TWILIO_FROM', kind: 'string', default: undefined, doc: 'Caller id in E.164 (a Twilio number of the account).' },
  { path: 'twilio.apiBaseUrl', env: 'TWILIO_API_BASE_URL', kind: 'string', default: undefined, doc: 'Send the SDK\'s REST requests to this Twilio-compatible endpoint instead of https://api.twilio.com.' },
  { path: 'dialer.defaultCps', env: 'TIWEN_CPS', kind: 'number', default: 10, doc: 'Default calls-per-second cap of a new round (the carrier account cap applies too).' },
  { path: 'dialer.defaultLines', env: 'TIWEN_LINES', kind: 'int', default: 30, doc: 'Default number of simultaneous calls (lines) of a new round.' },
  { path: 'dialer.accountCps', env: 'TIWEN_ACCOUNT_CPS', kind: 'number', default: undefined, doc: 'Calls-per-second cap of the carrier account, shared by all rounds and all dialer processes. Default: 1 with Twilio (Twilio\'s default per account; see "Raising the calls-per-second limit"), 100 with the built-in simulator. Set it to what your carrier allows.' },
  { path: 'dialer.accountLines', env: 'TIWEN_ACCOUNT_LINES', kind: 'int', default: 1000, doc: 'Simultaneous calls the carrier account (trunk) allows, shared by all rounds and dialers.' },
  { path: 'dialer.lookaheadMs', env: 'TIWEN_LOOKAHEAD_MS', kind: 'int', default: 250, doc: 'A dialer claims the calls whose dial slot falls within this many ms; also bounds how late a pause takes effect.' },
  { path: 'dialer.maxInflightRequests', env: 'TIWEN_MAX_INFLIGHT', kind: 'int', default: 200, doc: 'REST requests to the carrier one dialer process keeps in flight at most (p-queue concurrency).' },
  { path: 'dialer.claimBatch', env: 'TIWEN_CLAIM_BATCH', kind: 'int', default: 50, doc: 'Calls a dialer claims from the database in one statement.' },
  { path: 'dialer.leaseSeconds', env: 'TIWEN_LEASE_SECONDS', kind: 'int', default: 60, doc: 'How long a dialer holds claimed calls before another may reconcile them.' },
  { path: 'dialer.ringTimeoutSeconds', env: 'TIWEN_RING_TIMEOUT', kind: 'int', default: 30, doc: 'Seconds to let the phone ring (Twilio `timeout`).' },
  { path: 'dialer.machineDetection', env: 'TIWEN_MACHINE_DETECTION', kind: 'string', default: 'async', doc: 'Answering-machine detection: async (Twilio AMD in the background, the greeting starts at once; a machine is hung up on when detected), off, or the synchronous Enable / DetectMessageEnd (seconds of silence before the greeting).' },
  { path: 'dialer.voicemailAction', env: 'TIWEN_VOICEMAIL_ACTION', kind: 'string', default: 'hangup', doc: 'On voicemail: hangup, or notice (leave a short message), then retry later.' },
  { path: 'retry.busySeconds', env: 'TIWEN_RETRY_BUSY', kind: 'int', default: 300, doc: 'Retry delay after a busy signal.' },
  { path: 'retry.noAnswerSeconds', env: 'TIWEN_RETRY_NO_ANSWER', kind: 'int', default: 1800, doc: 'Retry delay after no answer.' },
  { path: 'retry.voicemailSeconds', env: 'TIWEN_RETRY_VOICEMAIL', kind: 'int', default: 1800, doc: 'Retry delay after reaching voicemail.' },
  { path: 'retry.carrierErrorBaseSeconds', env: 'TIWEN_RETRY_ERROR_BASE', kind: 'int', default: 60, doc: 'First retry delay after a carrier error; doubles with each failed attempt.' },
  { path: 'retry.carrierErrorMaxSeconds', env: 'TIWEN_RETRY_ERROR_MAX', kind: 'int', default: 1800, doc: 'Upper bound of the carrier-error backoff.' },
  { path: 'retry.callbackDefaultSeconds', env: 'TIWEN_RETRY_CALLBACK', kind: 'int', default: 3600, doc: 'When a resident asks for a call back without saying when: call again after this long.' },
  { path: 'retry.timeScale', env: 'TIWEN_RETRY_TIME_SCALE', kind: 'number', default: 1, doc: 'Multiplies every retry delay, including call-backs residents asked for. 1 in production; the demo compresses time with a small value.' },
  { path: 'round.defaultWindow', env: 'TIWEN_WINDOW', kind: 'string', default: '08:30-20:30', doc: 'Default calling window of a round, local time of the community.' },
  { path: 'round.defaultMaxAttempts', env: 'TIWEN_MAX_ATTEMPTS', kind: 'int', default: 3, doc: 'Default dial attempts per household before it is unreachable.' },
  { path: 'round.defaultTimezone', env: 'TIWEN_TIMEZONE', kind: 'string', default: 'Asia/Shanghai', doc: 'Time zone of communities created by import.' },
  { path: 'speech.language', env: 'TIWEN_SPEECH_LANGUAGE', kind: 'string', default: 'cmn-Hans-CN', doc: 'Recognition language of `<Gather>` and Google Speech.' },
  { path: 'speech.voice', env: 'TIWEN_VOICE', kind: 'string', default: 'Polly.Zhiyu', doc: 'Mandarin voice of `<Say>`.' },
  { path: 'speech.tts', env: 'TIWEN_TTS', kind: 'string', default: 'say', doc: 'say (carrier `<Say>`) or google (Google Text-to-Speech, played with `<Play>`).' },
  { path: 'console.sessionSecret', env: 'TIWEN_SESSION_SECRET', kind: 'string', default: undefined, doc: 'Signs the staff console\'s session cookie. Set it (and the same on every instance) in production; unset, a random one per start ends all sessions at a restart.' },
  { path: 'console.sessionHours', env: 'TIWEN_SESSION_HOURS', kind: 'number', default: 12, doc: 'A console session ends after this many hours without a request.' },
  { path: 'console.metricsToken', env: 'TIWEN_METRICS_TOKEN', kind: 'string', default: undefined, doc: 'Bearer token that lets a Prometheus scraper read /metrics (`Authorization: Bearer …`). Unset: /metrics needs an admin login.' },
  { path: 'console.trustProxy', env: 'TIWEN_TRUST_PROXY', kind: 'int', default: 0, doc: 'Reverse proxies in front of the server whose X-Forwarded-* headers are trusted (1 behind an HTTPS proxy: cookies are then marked Secure).' },
  { path: 'speech.stt', env: 'TIWEN_STT', kind: 'string', default: 'gather', doc: 'gather (carrier `<Gather input="speech">`) or google (`<Record>` + Google Speech-to-Text).' },
  { path: 'speech.ttsVoice', env: 'TIWEN_TTS_VOICE', kind: 'string', default: 'cmn-CN-Standard-A', doc: 'Google Text-to-Speech voice of the prompts when TIWEN_TTS=google.' },
  { path: 'speech.sttTimeoutMs', env: 'TIWEN_STT_TIMEOUT_MS', kind: 'int', default: 4000, doc: 'Longest wait for the recording fetch plus Google Speech-to-Text in one recording webhook; past it the question is asked again (the carrier gives a webhook 15 s).' },
  { path: 'speech.recordings', env: 'TIWEN_RECORDINGS', kind: 'string', default: 'auto', doc: 'Keep each turn\'s recording for staff: auto (on when TIWEN_STT=google), on (with Gather too: the call is recorded, `record` parameter), off.' },
  { path: 'speech.recordingRetentionDays', env: 'TIWEN_RECORDING_RETENTION_DAYS', kind: 'int', default: 30, doc: 'Recordings older than this are deleted, at the carrier too (`tiwen recordings purge`, and daily by `tiwen serve`); 0 keeps them. See Recordings.' },
  { path: 'google.credentialsFile', env: 'GOOGLE_APPLICATION_CREDENTIALS', kind: 'string', default: undefined, doc: 'Google service-account key file (Google\'s own variable). Unset: Google\'s application default credentials.' },
  { path: 'google.projectId', env: 'GOOGLE_CLOUD_PROJECT', kind: 'string', default: undefined, doc: 'Google Cloud project billed for Speech-to-Text and Text-to-Speech (Google\'s own variable); default: the key file\'s.' },
  { path: 'google.speechEndpoint', env: 'TIWEN_GOOGLE_SPEECH_ENDPOINT', kind: 'string', default: undefined, doc: 'Speech-to-Text endpoint instead of speech.googleapis.com: a regional one (eu-speech.googleapis.com) or a compatible server (http://127.0.0.1:8089, e.g. `tiwen sim`).' },
  { path: 'google.ttsEndpoint', env: 'TIWEN_GOOGLE_TTS_ENDPOINT', kind: 'string', default: undefined, doc: 'Text-to-Speech endpoint instead of texttospeech.googleapis.com (same forms as TIWEN_GOOGLE_SPEECH_ENDPOINT).' },
];

function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]!] = value;
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object'
      ? deepMerge(b as Record<string, unknown>, v as Record<string, unknown>)
      : v;
  }
  return out;
}

function readJsonFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`Cannot read configuration file ${file}: ${(err as Error).message}`, 'Check the path in TIWEN_CONFIG.');
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('top level must be an object');
    return parsed as Record<string, unknown>;
  } catch (err) {
    throw new InputError(`Configuration file ${file} is not valid JSON: ${(err as Error).message}`, 'Fix the JSON syntax (see config/example.json for the shape).');
  }
}

function parseEnvValue(setting: Setting, raw: string): string | number {
  if (setting.kind === 'string') return raw;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || (setting.kind === 'int' && !Number.isInteger(n))) {
    throw new InputError(
      `Environment variable ${setting.env}=${JSON.stringify(raw)} is not ${setting.kind === 'int' ? 'a whole number' : 'a number'}.`,
      `Set ${setting.env} to ${setting.kind === 'int' ? 'a whole number' : 'a number'} (${setting.doc}) or unset it.`,
    );
  }
  return n;
}

/**
 * Builds the configuration from files and environment. Pure apart from reading the
 * config files; pass `env` and `configDir` explicitly in tests.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, configDir = path.join(packageRoot(), 'config')): Config {
  let merged: Record<string, unknown> = { twilio: {}, google: {} };
  for (const s of SETTINGS) if (s.default !== undefined) setPath(merged, s.path, s.default);
  const local = path.join(configDir, 'local.json');
  if (existsSync(local)) merged = deepMerge(merged, readJsonFile(local));
  if (env.TIWEN_CONFIG) merged = deepMerge(merged, readJsonFile(path.resolve(env.TIWEN_CONFIG)));
  for (const s of SETTINGS) {
    const raw = env[s.env];
    if (raw !== undefined && raw !== '') setPath(merged, s.path, parseEnvValue(s, raw));
  }
  const dialer = merged.dialer as Record<string, unknown>;
  if (dialer.accountCps === undefined) {
    // The carrier's own default: Twilio grants 1 call per second per account unless raised.
    const t = merged.twilio as Record<string, unknown>;
    dialer.accountCps = t.accountSid && t.authToken && t.from ? TWILIO_DEFAULT_CPS : SIMULATOR_DEFAULT_CPS;
  }
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const dotted = issue.path.join('.');
    const setting = SETTINGS.find((s) => s.path === dotted);
    throw new InputError(
      `Invalid setting ${dotted}${setting ? ` (${setting.env})` : ''}: ${issue.message}.`,
      setting ? `${setting.doc}` : 'Check config/*.json against the README configuration table.',
    );
  }
  const config = result.data;
  const t = config.twilio;
  const someTwilio = t.accountSid || t.authToken || t.from;
  if (someTwilio && !(t.accountSid && t.authToken && t.from)) {
    const missing = ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'].filter((_, i) => ![t.accountSid, t.authToken, t.from][i]);
    throw new InputError(`Twilio is partly configured: ${missing.join(', ')} missing.`, 'Set all three Twilio variables to dial through Twilio, or none to use the built-in simulator.');
  }
  return Object.freeze(config);
}

/** Whether turns keep their recordings (TIWEN_RECORDINGS; auto = when answers are recorded for Google STT anyway). */
export function recordingsOn(config: Config): boolean {
  return config.speech.recordings === 'on' || (config.speech.recordings === 'auto' && config.speech.stt === 'google');
}

/** True when calls go through Twilio rather than the built-in simulator. */
export function usesTwilio(config: Config): boolean {
  return Boolean(config.twilio.accountSid && config.twilio.authToken && config.twilio.from);
}
