/**
 * The telephony port: how the dialer asks a carrier to place a call. The carrier then
 * drives our webhooks (answer URL, gather actions, status callbacks), every one of
 * which carries the attempt id in its query string.
 */

export type MachineDetection = 'Enable' | 'DetectMessageEnd' | 'off';

export interface PlaceCallRequest {
  /** Our attempt row id; it rides on every callback URL. */
  attemptId: number;
  /** Callee in E.164. */
  to: string;
  /** Caller id in E.164. */
  from: string;
  /** URL the carrier fetches the first TwiML from when the call is answered. */
  answerUrl: string;
  /** URL for status callbacks (initiated, ringing, answered, completed). */
  statusCallbackUrl: string;
  /** Seconds to let the phone ring before giving up (no-answer). */
  timeoutSeconds: number;
  machineDetection: MachineDetection;
}

export interface PlaceCallResult {
  /** The carrier's id of the call (Twilio CallSid). */
  providerCallId: string;
}

export interface Telephony {
  /** Short name stored on attempts ('twilio', 'simulator'). */
  readonly name: string;
  placeCall(request: PlaceCallRequest): Promise<PlaceCallResult>;
}

/**
 * A carrier refused or failed to take a call. `retryable` says whether placing the
 * same call again later may succeed (429, 5xx, network) or not (invalid number).
 * `accepted` is 'unknown' when the request may have reached the carrier (timeout after
 * sending): the dialer must then reconcile rather than re-dial blindly.
 */
export class CarrierError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly details: { status?: number; code?: number; retryAfterMs?: number; accepted?: 'no' | 'unknown' } = {},
  ) {
    super(message);
    this.name = 'CarrierError';
  }
}
