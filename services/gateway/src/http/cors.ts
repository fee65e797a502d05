import cors from '@fastify/cors';
import { DomainError } from '@platform/contracts';
import type { FastifyInstance } from 'fastify';

/** Every method the API's routes use, and every header the SDK sends. */
export const CORS_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
export const CORS_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id', 'X-API-Key'];
/** What a browser app may read from an answer: the wait after a 429/503, the limits, the id to quote in a bug report. */
export const CORS_EXPOSED_HEADERS = ['Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'X-Request-Id'];

/**
 * CORS for the origins in CORS_ORIGINS. A preflight from any other origin is
 * refused with a 403 that says why and what to change, rather than falling
 * through to "no route OPTIONS" (a browser shows neither, but a developer
 * reading the network tab sees the reason). Requests without an Origin header
 * (curl, servers, the same origin) are not CORS and pass.
 */
export async function registerCors(app: FastifyInstance, allowedOrigins: readonly string[]): Promise<void> {
  const allowed = (origin: string | undefined) => !origin || allowedOrigins.includes(origin);

  // Before @fastify/cors's own hook, which would let the refused preflight fall through to the router.
  app.addHook('onRequest', async (request) => {
    const origin = request.headers.origin;
    if (request.method !== 'OPTIONS' || allowed(origin)) return;
    throw new DomainError('FORBIDDEN', `CORS: the origin ${String(origin).slice(0, 200)} is not allowed to call this API; add it to CORS_ORIGINS`, {
      details: { origin: String(origin).slice(0, 200) },
    });
  });

  await app.register(cors, {
    origin: (origin, callback) => callback(null, allowed(origin)),
    credentials: true,
    methods: CORS_METHODS,
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    strictPreflight: false,
    maxAge: 600,
  });
}
