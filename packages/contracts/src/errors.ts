/**
 * Error codes shared by every service and the gateway. A service throws a
 * DomainError with one of these codes; the HTTP layer maps the code to a status.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  INSUFFICIENT_FUNDS: 402,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  PRICE_CHANGED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  /** A service produced an answer too large for one NATS message (a bug: it should page, stream or redirect). */
  REPLY_TOO_LARGE: 502,
  SERVICE_UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
  /** A service's own upstream (e.g. the Template a sync reads) answered wrongly or refused us. */
  BAD_GATEWAY: 502,
  /** A service's own upstream did not answer in time (the request's own deadline is DEADLINE_EXCEEDED). */
  UPSTREAM_TIMEOUT: 504,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorPayload {
  code: ErrorCode;
  status: number;
  message: string;
  /** Name of the offending input field, when there is one: the first of `fields`. */
  field?: string;
  /** Every offending input field, each with its own message (validation names them all). */
  fields?: FieldProblem[];
  /** Seconds until a refused request may be retried (429, and 503 when the gateway sheds load). */
  retryAfter?: number;
  details?: Record<string, unknown>;
}

export interface FieldProblem {
  field: string;
  message: string;
}

export interface DomainErrorOptions {
  field?: string;
  fields?: FieldProblem[];
  retryAfter?: number;
  details?: Record<string, unknown>;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly field?: string;
  readonly fields?: FieldProblem[];
  readonly retryAfter?: number;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: DomainErrorOptions = {}) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.field = options.field ?? options.fields?.[0]?.field;
    this.fields = options.fields;
    this.retryAfter = options.retryAfter;
    this.details = options.details;
  }

  toPayload(): ErrorPayload {
    const payload: ErrorPayload = { code: this.code, status: this.status, message: this.message };
    if (this.field) payload.field = this.field;
    if (this.fields) payload.fields = this.fields;
    if (this.retryAfter !== undefined) payload.retryAfter = this.retryAfter;
    if (this.details) payload.details = this.details;
    return payload;
  }
}

export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'You may not access this resource') => new DomainError('FORBIDDEN', message);
export const conflict = (message: string, details?: Record<string, unknown>) => new DomainError('CONFLICT', message, { details });
