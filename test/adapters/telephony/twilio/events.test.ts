import { parseGatherResult, parseStatusCallback, TwilioPayloadError } from '../../../../src/adapters/telephony/twilio/events.js';
import type { StatusCallback, TwilioParams } from '../../../../src/adapters/telephony/twilio/events.js';

const CALL = { CallSid: 'CA42', AccountSid: 'AC1', To: '+8613800138000', From: '+8657100000000', Direction: 'outbound-api' };

describe('parseStatusCallback', () => {
  const cases: Array<[string, TwilioParams, StatusCallback]> = [
    [
      'initiated, no extras',
      { ...CALL, CallStatus: 'initiated' },
      { providerCallId: 'CA42', status: 'initiated', durationSeconds: null, answeredBy: null, sequenceNumber: null, timestamp: null },
    ],
    [
      'ringing with sequence number and timestamp',
      { ...CALL, CallStatus: 'ringing', SequenceNumber: '1', Timestamp: 'Tue, 07 Jan 2025 02:03:04 +0000' },
      { providerCallId: 'CA42', status: 'ringing', durationSeconds: null, answeredBy: null, sequenceNumber: 1, timestamp: new Date('2025-01-07T02:03:04Z') },
    ],
    [
      'answer webhook with a human',
      { ...CALL, CallStatus: 'in-progress', AnsweredBy: 'human' },
      { providerCallId: 'CA42', status: 'in-progress', durationSeconds: null, answeredBy: 'human', sequenceNumber: null, timestamp: null },
    ],
    [
      'completed with CallDuration (not Duration, which is minutes)',
      { ...CALL, CallStatus: 'completed', CallDuration: '37', Duration: '1', SequenceNumber: '3' },
      { providerCallId: 'CA42', status: 'completed', durationSeconds: 37, answeredBy: null, sequenceNumber: 3, timestamp: null },
    ],
    [
      'no-answer with zero duration',
      { ...CALL, CallStatus: 'no-answer', CallDuration: '0' },
      { providerCallId: 'CA42', status: 'no-answer', durationSeconds: 0, answeredBy: null, sequenceNumber: null, timestamp: null },
    ],
    ['busy', { ...CALL, CallStatus: 'busy' }, { providerCallId: 'CA42', status: 'busy', durationSeconds: null, answeredBy: null, sequenceNumber: null, timestamp: null }],
    ['failed', { ...CALL, CallStatus: 'failed' }, { providerCallId: 'CA42', status: 'failed', durationSeconds: null, answeredBy: null, sequenceNumber: null, timestamp: null }],
    ['canceled', { ...CALL, CallStatus: 'canceled' }, { providerCallId: 'CA42', status: 'canceled', durationSeconds: null, answeredBy: null, sequenceNumber: null, timestamp: null }],
    ['queued', { ...CALL, CallStatus: 'queued' }, { providerCallId: 'CA42', status: 'queued', durationSeconds: null, answeredBy: null, sequenceNumber: null, timestamp: null }],
    [
      'garbage numbers become null',
      { ...CALL, CallStatus: 'completed', CallDuration: 'abc', SequenceNumber: '-1', Timestamp: 'yesterday' },
      { providerCallId: 'CA42', status: 'completed', durationSeconds: null, answeredBy: null, sequenceNumber: null, timestamp: null },
    ],
  ];

  it.each(cases)('%s', (_name, params, expected) => {
    expect(parseStatusCallback(params)).toEqual(expected);
  });

  it.each([
    ['human', 'human'],
    ['machine_start', 'machine'],
    ['machine_end_beep', 'machine'],
    ['machine_end_silence', 'machine'],
    ['machine_end_other', 'machine'],
    ['fax', 'machine'],
    ['unknown', 'unknown'],
    ['something_new', 'unknown'],
    ['', null],
  ])('AnsweredBy %s -> %s', (answeredBy, expected) => {
    expect(parseStatusCallback({ ...CALL, CallStatus: 'in-progress', AnsweredBy: answeredBy }).answeredBy).toBe(expected);
  });

  it('rejects a callback without CallSid', () => {
    expect(() => parseStatusCallback({ CallStatus: 'ringing' })).toThrow(TwilioPayloadError);
    expect(() => parseStatusCallback({ CallStatus: 'ringing' })).toThrow(/CallSid/);
  });

  it.each([[undefined], ['answered'], ['COMPLETED'], ['']])('rejects CallStatus %p', (status) => {
    const params: TwilioParams = { ...CALL };
    if (status !== undefined) params.CallStatus = status;
    expect(() => parseStatusCallback(params)).toThrow(/unknown CallStatus/);
  });

  it('takes the first value of a repeated parameter', () => {
    expect(parseStatusCallback({ CallSid: ['CA1', 'CA2'], CallStatus: 'busy' }).providerCallId).toBe('CA1');
  });
});

describe('parseGatherResult', () => {
  it.each([
    ['speech with confidence', { SpeechResult: '没有。', Confidence: '0.9234' }, { text: '没有。', confidence: 0.9234, digits: undefined }],
    ['digits only', { Digits: '1' }, { text: '', confidence: undefined, digits: '1' }],
    ['silence (actionOnEmptyResult)', {}, { text: '', confidence: undefined, digits: undefined }],
    ['empty Digits and blank speech', { Digits: '', SpeechResult: '  ' }, { text: '', confidence: undefined, digits: undefined }],
    ['speech trimmed', { SpeechResult: ' 有,三十八度 ', Confidence: '0.5' }, { text: '有,三十八度', confidence: 0.5, digits: undefined }],
    ['confidence zero is kept', { SpeechResult: '嗯', Confidence: '0' }, { text: '嗯', confidence: 0, digits: undefined }],
    ['confidence out of range dropped', { SpeechResult: '有', Confidence: '7' }, { text: '有', confidence: undefined, digits: undefined }],
    ['confidence not a number dropped', { SpeechResult: '有', Confidence: 'high' }, { text: '有', confidence: undefined, digits: undefined }],
  ])('%s', (_name, extra, expected) => {
    const params = { ...CALL, CallStatus: 'in-progress', ...extra };
    const result = parseGatherResult(params);
    expect({ text: result.text, confidence: result.confidence, digits: result.digits }).toEqual(expected);
    expect(result.raw).toEqual(params);
  });

  it('keeps every raw parameter as a string', () => {
    expect(parseGatherResult({ CallSid: 'CA1', SpeechResult: '有', Repeated: ['a', 'b'] }).raw).toEqual({ CallSid: 'CA1', SpeechResult: '有', Repeated: 'a,b' });
  });

  it('rejects a result without CallSid', () => {
    expect(() => parseGatherResult({ SpeechResult: '有' })).toThrow(/CallSid/);
  });
});
