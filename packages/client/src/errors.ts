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
  /** This JavaScript runtime has no WebSocket (Node 20 without `--experimental-websocket` or the `ws` package). */
  | 'WEBSOCKET_UNAVAILABLE'
  /** The server did not answer within the client's time limit. */
  | 'TIMEOUT'
  | 'UNKNOWN';

/** One offending input field, as the server lists them in `error.fields`. */
export interface FieldProblem {
  field: string;
  message: string;
}

export interface ApiErrorInit {
  /** The input field the server refused first, e.g. `amount` or `orders[2].order_id`. */
  field?: string;
  /** Every offending field (a form can mark them all at once). */
  fields?: FieldProblem[];
  /** The response body as received. */
  body?: unknown;
  /** The server's request id: quote it when reporting a problem. */
  requestId?: string;
  /** Facts the server added, e.g. the balance for INSUFFICIENT_FUNDS or the current total for PRICE_CHANGED. */
  details?: Record<string, unknown>;
  /** Seconds to wait before trying again (429, 503): the body's `retryAfter`, else the `Retry-After` header. */
  retryAfter?: number;
}

/** Every failed call throws an ApiError, whatever error style the route uses. */
export class ApiError extends Error {
  readonly field?: string;
  readonly fields: FieldProblem[];
  readonly body?: unknown;
  readonly requestId?: string;
  readonly details?: Record<string, unknown>;
  readonly retryAfter?: number;

  constructor(
    /** HTTP status; 0 when no response came back. */
    readonly status: number,
    // `string & {}` keeps editor completion for the known codes while accepting codes added later.
    readonly code: ApiErrorCode | (string & {}),
    message: string,
    init: ApiErrorInit = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.field = init.field ?? init.fields?.[0]?.field;
    this.fields = init.fields ?? (init.field ? [{ field: init.field, message }] : []);
    this.body = init.body;
    this.requestId = init.requestId;
    this.details = init.details;
    this.retryAfter = init.retryAfter;
  }
}

const FLAT_KEYS = new Set(['error', 'code', 'field', 'fields', 'requestId', 'success', 'status', 'message', 'retryAfter']);

/** `fields` as the server sends it ([{field, message}]), tolerating anything else by ignoring it. */
function fieldsOf(value: unknown): FieldProblem[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const fields = value.filter((f): f is FieldProblem => typeof f?.field === 'string' && typeof f?.message === 'string');
  return fields.length ? fields.map(({ field, message }) => ({ field, message })) : undefined;
}

/** Seconds: the body's `retryAfter` (number or numeric text), else the Retry-After header (seconds or an HTTP date). */
function retryAfterOf(...candidates: unknown[]): number | undefined {
  for (const value of candidates) {
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
    if (typeof value !== 'string' || value.trim() === '') continue;
    const seconds = Number(value);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds;
    const date = Date.parse(value);
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - Date.now()) / 1000));
  }
  return undefined;
}

/** Reads the three error shapes the platform uses (envelope, flat, success-flag). */
export function toApiError(status: number, body: unknown, headers?: Headers): ApiError {
  const b = (body ?? {}) as Record<string, any>;
  const requestId = (typeof b.requestId === 'string' ? b.requestId : undefined) ?? headers?.get('x-request-id') ?? undefined;
  const header = headers?.get('retry-after');
  if (b.error && typeof b.error === 'object') {
    const e = b.error as Record<string, any>;
    return new ApiError(status, e.code ?? 'UNKNOWN', e.message ?? 'Request failed', {
      field: e.field,
      fields: fieldsOf(e.fields),
      body,
      requestId,
      details: e.details,
      retryAfter: retryAfterOf(b.retryAfter, e.retryAfter, e.details?.retryAfter, header),
    });
  }
  if (typeof b.error === 'string') {
    const extra = Object.fromEntries(Object.entries(b).filter(([key]) => !FLAT_KEYS.has(key)));
    return new ApiError(status, b.code ?? 'UNKNOWN', b.error, {
      field: b.field,
      fields: fieldsOf(b.fields),
      body,
      requestId,
      details: Object.keys(extra).length ? extra : undefined,
      retryAfter: retryAfterOf(b.retryAfter, header),
    });
  }
  return new ApiError(status, status === 0 ? 'NETWORK_ERROR' : 'UNKNOWN', `Request failed with status ${status}`, {
    body,
    requestId,
    retryAfter: retryAfterOf(header),
  });
}

/**
 * fetch failed without an answer. In a browser, the likeliest cause when the
 * server is up is CORS: the gateway does not list the page's origin
 * (docs/first-10-minutes.md shows how to add one). Browsers hide which it was.
 */
export function networkError(baseURL: string, error: Error): ApiError {
  const page = (globalThis as { location?: { origin?: string } }).location?.origin;
  const inBrowser = typeof page === 'string' && /^https?:/.test(page);
  const crossOrigin = inBrowser && !baseURL.startsWith(page);
  const hint = crossOrigin
    ? ` Is the server running? If it is, CORS is the likely cause: the gateway must list ${page} in CORS_ORIGINS (see docs/first-10-minutes.md).`
    : inBrowser
      ? ' Is the server running, and is the network up? (CORS can also block a request: see docs/first-10-minutes.md.)'
      : '';
  return new ApiError(0, 'NETWORK_ERROR', `Could not reach ${baseURL}: ${error.message}.${hint}`);
}
