/** Every failed call throws an ApiError, whatever error style the route uses. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Reads the three error shapes the platform uses (envelope, flat, success-flag). */
export function toApiError(status: number, body: unknown): ApiError {
  const b = (body ?? {}) as Record<string, any>;
  if (b.error && typeof b.error === 'object') return new ApiError(status, b.error.code ?? 'UNKNOWN', b.error.message ?? 'Request failed', b.error.field, body);
  if (typeof b.error === 'string') return new ApiError(status, b.code ?? 'UNKNOWN', b.error, b.field, body);
  return new ApiError(status, status === 0 ? 'NETWORK_ERROR' : 'UNKNOWN', `Request failed with status ${status}`, undefined, body);
}
