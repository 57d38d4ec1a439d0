/**
 * The telephony port: how the dialer asks a carrier to place a call. The carrier then
 * drives our webhooks (answer URL, gather actions, status callbacks), every one of
 * which carries the attempt id in its query string.
 */

/**
 * Answering-machine detection. 'async': detection runs beside the call and its verdict
 * comes to `amdCallbackUrl`, so the greeting starts at the answer; 'Enable' and
 * 'DetectMessageEnd' hold the call in silence until detection is done.
 */
export type MachineDetection = 'async' | 'Enable' | 'DetectMessageEnd' | 'off';

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
  /** Where the carrier posts the verdict of asynchronous machine detection (needed with 'async'). */
  amdCallbackUrl?: string;
  /**
   * Where the carrier fetches TwiML when one of our webhooks fails (error, timeout,
   * bad TwiML), instead of playing its own English error message.
   */
  fallbackUrl?: string;
  /** Record the whole call (Gather dialogues that keep recordings); the reference comes to `recordingStatusUrl`. */
  record?: { recordingStatusUrl: string };
}

export interface PlaceCallResult {
  /** The carrier's id of the call (Twilio CallSid). */
  providerCallId: string;
}

/** The states in which a call has ended. */
export type FinalCallStatus = 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';

/** Call states as the carrier reports them when asked (Twilio's Call resource `status`). */
export type CarrierCallStatus = 'queued' | 'ringing' | 'in-progress' | FinalCallStatus;

const FINAL_CALL_STATUSES: ReadonlySet<string> = new Set<FinalCallStatus>(['completed', 'busy', 'no-answer', 'failed', 'canceled']);
const CARRIER_CALL_STATUSES: ReadonlySet<string> = new Set<CarrierCallStatus>(['queued', 'ringing', 'in-progress', ...(FINAL_CALL_STATUSES as ReadonlySet<FinalCallStatus>)]);

export function isFinalCallStatus(status: string): status is FinalCallStatus {
  return FINAL_CALL_STATUSES.has(status);
}

export function isCarrierCallStatus(status: string): status is CarrierCallStatus {
  return CARRIER_CALL_STATUSES.has(status);
}

/** A call as the carrier knows it; used to reconcile attempts whose placement outcome is unknown. */
export interface CarrierCall {
  providerCallId: string;
  status: CarrierCallStatus;
  /** Billable seconds once the call has ended; null while it is still going. */
  durationSeconds: number | null;
  /** Answering-machine detection result ('human', 'machine_start', …) or null. */
  answeredBy: string | null;
  /** Callee in E.164. */
  to: string;
  startTime: Date | null;
}

export interface CarrierCallFilter {
  /** Callee in E.164. */
  to: string;
  /**
   * Calls started at or after this instant, and every call not ended whatever its
   * start: a call waiting in the carrier's queue (over its calls-per-second limit)
   * has no start time yet, and it is still a call.
   */
  startedAfter: Date;
}

export interface Telephony {
  /** Short name stored on attempts ('twilio', 'simulator'). */
  readonly name: string;
  placeCall(request: PlaceCallRequest): Promise<PlaceCallResult>;
  /**
   * Looks one call up by the carrier's id. Resolves null when the carrier does not know
   * the id (HTTP 404). Throws CarrierError on other failures.
   */
  getCall(providerCallId: string): Promise<CarrierCall | null>;
  /**
   * Lists the calls to one number started at or after a moment, plus every queued,
   * ringing or in-progress call to it. The reconciler uses it after a placeCall failed
   * with `accepted: 'unknown'`, to learn whether the call exists before dialing again.
   */
  findCalls(filter: CarrierCallFilter): Promise<CarrierCall[]>;
  /**
   * Ends a call (ringing or in progress). Resolves also when the call has already ended
   * or is unknown to the carrier, so it is safe to repeat.
   */
  hangup(providerCallId: string): Promise<void>;
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
