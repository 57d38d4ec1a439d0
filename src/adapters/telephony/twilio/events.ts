/**
 * Twilio webhook parameters -> our normalised shapes. Pure; the raw parameters stay
 * beside the parsed values so nothing the vendor sent is lost.
 */
import type { Transcript } from '../../../ports/speech.js';
import { isCarrierCallStatus, type CarrierCallStatus } from '../../../ports/telephony.js';

/** A callback's CallStatus: the call resource's states, plus `initiated` (the dial began). */
export type TwilioCallStatus = CarrierCallStatus | 'initiated';

export type AnsweredBy = 'human' | 'machine' | 'unknown';

export interface StatusCallback {
  providerCallId: string;
  status: TwilioCallStatus;
  /** CallDuration (seconds), sent with the final status; null before. */
  durationSeconds: number | null;
  /** Answering-machine detection, folded to three values; null when detection was off. */
  answeredBy: AnsweredBy | null;
  /** Orders callbacks of one call (they may arrive out of order). */
  sequenceNumber: number | null;
  timestamp: Date | null;
}

/** A <Gather> result as a Transcript, with the raw form parameters kept. */
export interface GatherResult extends Transcript {
  confidence: number | undefined;
  digits: string | undefined;
  raw: Record<string, string>;
}

/** Form parameters of a webhook request (a repeated name gives an array; see http/webhooks.ts). */
export type TwilioParams = Record<string, unknown>;

export class TwilioPayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TwilioPayloadError';
  }
}

const ANSWERED_BY: Readonly<Record<string, AnsweredBy>> = {
  human: 'human',
  machine_start: 'machine',
  machine_end_beep: 'machine',
  machine_end_silence: 'machine',
  machine_end_other: 'machine',
  fax: 'machine',
  unknown: 'unknown',
};

/** One parameter as a string; a repeated parameter yields its first value. */
function param(params: TwilioParams, name: string): string | undefined {
  const value = params[name];
  const first = Array.isArray(value) ? (value[0] as unknown) : value;
  if (typeof first === 'string') return first;
  if (typeof first === 'number') return String(first);
  return undefined;
}

function flatten(params: TwilioParams): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(params)) {
    const value = params[key];
    if (Array.isArray(value)) raw[key] = value.map(String).join(',');
    else if (value !== undefined && value !== null) raw[key] = String(value);
  }
  return raw;
}

function integerOrNull(text: string | undefined): number | null {
  if (text === undefined || text.trim() === '') return null;
  const n = Number(text);
  return Number.isInteger(n) && n >= 0 ? n : null;
}

function parseAnsweredBy(text: string | undefined): AnsweredBy | null {
  if (text === undefined || text === '') return null;
  return ANSWERED_BY[text] ?? 'unknown';
}

function parseTimestamp(text: string | undefined): Date | null {
  if (!text) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : new Date(at);
}

/** A status callback (or the answer webhook, which carries the same call parameters). */
export function parseStatusCallback(params: TwilioParams): StatusCallback {
  const providerCallId = param(params, 'CallSid');
  if (!providerCallId) throw new TwilioPayloadError('Twilio callback without CallSid');
  const status = param(params, 'CallStatus');
  if (status === undefined || (status !== 'initiated' && !isCarrierCallStatus(status))) {
    throw new TwilioPayloadError(`Twilio callback for ${providerCallId} with unknown CallStatus '${status ?? ''}'`);
  }
  return {
    providerCallId,
    status,
    durationSeconds: integerOrNull(param(params, 'CallDuration')),
    answeredBy: parseAnsweredBy(param(params, 'AnsweredBy')),
    sequenceNumber: integerOrNull(param(params, 'SequenceNumber')),
    timestamp: parseTimestamp(param(params, 'Timestamp')),
  };
}

/** A <Gather> action request: SpeechResult, Confidence (0..1) and Digits. */
export function parseGatherResult(params: TwilioParams): GatherResult {
  if (!param(params, 'CallSid')) throw new TwilioPayloadError('Twilio gather result without CallSid');
  const text = (param(params, 'SpeechResult') ?? '').trim();
  const confidenceText = param(params, 'Confidence');
  const confidence = confidenceText === undefined || confidenceText.trim() === '' ? NaN : Number(confidenceText);
  const digits = param(params, 'Digits');
  return {
    text,
    confidence: Number.isFinite(confidence) && confidence >= 0 && confidence <= 1 ? confidence : undefined,
    digits: digits === undefined || digits === '' ? undefined : digits,
    raw: flatten(params),
  };
}

/** A <Record> action request: RecordingUrl, RecordingSid, RecordingDuration, and Digits (the key that ended it). */
export function parseRecordingResult(params: TwilioParams): {
  recordingUrl: string | undefined;
  recordingSid: string | undefined;
  durationSeconds: number | null;
  digits: string | undefined;
  raw: Record<string, string>;
} {
  if (!param(params, 'CallSid')) throw new TwilioPayloadError('Twilio recording result without CallSid');
  const recordingUrl = param(params, 'RecordingUrl');
  const digits = param(params, 'Digits');
  return {
    recordingUrl: recordingUrl === undefined || recordingUrl === '' ? undefined : recordingUrl,
    recordingSid: param(params, 'RecordingSid') || undefined,
    durationSeconds: integerOrNull(param(params, 'RecordingDuration')),
    digits: digits === undefined || digits === '' ? undefined : digits,
    raw: flatten(params),
  };
}

/** An AsyncAmdStatusCallback request: CallSid and AnsweredBy (no CallStatus is promised). */
export function parseAmdResult(params: TwilioParams): { providerCallId: string; answeredBy: AnsweredBy | null } {
  const providerCallId = param(params, 'CallSid');
  if (!providerCallId) throw new TwilioPayloadError('Twilio AMD callback without CallSid');
  return { providerCallId, answeredBy: parseAnsweredBy(param(params, 'AnsweredBy')) };
}
