import type { ErrorCode } from '@platform/contracts';

/** The server's error codes, plus what can only happen on the client's side. */
export type ApiErrorCode =
  | ErrorCode
  /** The server could not be reached (offline, DNS, CORS refusal): status 0. */
  | 'NETWORK_ERROR'
  /** The operation has no HTTP route (internal operations): status 0. */
  | 'NOT_ROUTED'
  /** The object store refused a presigned upload. */
  | 'UPLOAD_FAILED'
  | 'UNKNOWN';

/** Every failed call throws an ApiError, whatever error style the route uses. */
export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when no response came back. */
    readonly status: number,
    // `string & {}` keeps editor completion for the known codes while accepting codes added later.
    readonly code: ApiErrorCode | (string & {}),
    message: string,
    /** The input field the server refused, e.g. `amount` or `orders[2].order_id`. */
    readonly field?: string,
    /** The response body as received. */
    readonly body?: unknown,
    /** The server's request id: quote it when reporting a problem. */
    readonly requestId?: string,
    /** Facts the server added, e.g. the balance for INSUFFICIENT_FUNDS or the current total for PRICE_CHANGED. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const FLAT_KEYS = new Set(['error', 'code', 'field', 'requestId', 'success', 'status', 'message']);

/** Reads the three error shapes the platform uses (envelope, flat, success-flag). */
export function toApiError(status: number, body: unknown, headers?: Headers): ApiError {
  const b = (body ?? {}) as Record<string, any>;
  const requestId = (typeof b.requestId === 'string' ? b.requestId : undefined) ?? headers?.get('x-request-id') ?? undefined;
  if (b.error && typeof b.error === 'object') {
    return new ApiError(status, b.error.code ?? 'UNKNOWN', b.error.message ?? 'Request failed', b.error.field, body, requestId, b.error.details);
  }
  if (typeof b.error === 'string') {
    const extra = Object.fromEntries(Object.entries(b).filter(([key]) => !FLAT_KEYS.has(key)));
    return new ApiError(status, b.code ?? 'UNKNOWN', b.error, b.field, body, requestId, Object.keys(extra).length ? extra : undefined);
  }
  return new ApiError(status, status === 0 ? 'NETWORK_ERROR' : 'UNKNOWN', `Request failed with status ${status}`, undefined, body, requestId);
}
