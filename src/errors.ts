/**
 * The small error hierarchy of tiwen. Every error a user can cause carries a
 * `hint`: what to do about it. The CLI prints `message` and `hint`; the HTTP layer
 * maps `status` to the response code.
 */
export class TiwenError extends Error {
  /** Machine-readable code, stable across releases (e.g. `NOT_FOUND`). */
  readonly code: string;
  /** HTTP status the web layer answers with. */
  readonly status: number;
  /** What the user can do to fix it. */
  readonly hint: string | undefined;

  constructor(code: string, status: number, message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.status = status;
    this.hint = hint;
  }
}

/** The user gave something we cannot use (bad flag, bad file, bad value). */
export class InputError extends TiwenError {
  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super('INPUT', 400, message, hint, options);
  }
}

/** A named thing (community, round, resident) does not exist. */
export class NotFoundError extends TiwenError {
  constructor(message: string, hint?: string) {
    super('NOT_FOUND', 404, message, hint);
  }
}

/** The request conflicts with the current state (e.g. resuming a cancelled round). */
export class ConflictError extends TiwenError {
  constructor(message: string, hint?: string) {
    super('CONFLICT', 409, message, hint);
  }
}

/** The database (or another service we depend on) cannot be reached. */
export class UnavailableError extends TiwenError {
  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super('UNAVAILABLE', 503, message, hint, options);
  }
}

/** Coerces any thrown value to an Error, so it can be logged or stored. */
export function toError(value: unknown): Error {
  if (value instanceof Error) return value;
  if (typeof value === 'string') return new Error(value);
  try {
    return new Error(JSON.stringify(value));
  } catch {
    return new Error(String(value));
  }
}

/** The account is logged in but may not see or change this (another community or grid, or its role). */
export class ForbiddenError extends TiwenError {
  constructor(message: string, hint?: string) {
    super('FORBIDDEN', 403, message, hint);
  }
}
