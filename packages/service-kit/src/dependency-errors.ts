/**
 * Errors that mean a dependency cannot be reached right now (PostgreSQL
 * restarting, a connection cut), as opposed to a bug. An operation that meets
 * one answers 503 SERVICE_UNAVAILABLE, so clients retry (with their
 * Idempotency-Key), instead of the 500 that says the code is wrong.
 */

/** SQLSTATEs of a server shutting down, restarting or refusing connections. */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300']);
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
/** Prisma: can't reach the server, server closed the connection, pool timeout. */
const UNAVAILABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1017', 'P2024']);
/** Prisma's driver adapter (adapter-pg) wraps pg's errors as one of these kinds. */
const UNAVAILABLE_ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
/** pg's own errors for a connection it lost carry no code, only these messages. */
const LOST_CONNECTION_MESSAGE = /Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect/;

interface ErrorLike {
  code?: unknown;
  kind?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: unknown };
}

export function isDependencyUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const e = error as ErrorLike;
  if (typeof e.code === 'string' && (UNAVAILABLE_SQLSTATES.has(e.code) || UNAVAILABLE_SOCKET_CODES.has(e.code) || UNAVAILABLE_PRISMA_CODES.has(e.code))) {
    return true;
  }
  if (typeof e.kind === 'string' && UNAVAILABLE_ADAPTER_KINDS.has(e.kind)) return true;
  if (typeof e.message === 'string' && LOST_CONNECTION_MESSAGE.test(e.message)) return true;
  return isDependencyUnavailable(e.cause, depth + 1) || isDependencyUnavailable(e.meta?.driverAdapterError, depth + 1);
}
