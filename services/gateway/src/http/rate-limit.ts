import rateLimit from '@fastify/rate-limit';
import type { Operation } from '@platform/contracts';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { GatewayConfig } from '../config.js';
import { batchedRateLimitStore } from './rate-limit-store.js';

/**
 * Limits held in Redis, so they hold across gateway instances: the global one
 * batched (rate-limit-store.ts), the per-route ones exact. If Redis is down,
 * a per-route limit lets requests through rather than failing them, and the
 * global one counts on each instance alone.
 */
export async function registerRateLimit(app: FastifyInstance, redis: Redis, config: GatewayConfig): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    max: config.RATE_LIMIT_MAX,
    timeWindow: config.RATE_LIMIT_WINDOW_MS,
    store: batchedRateLimitStore(redis, `${config.REDIS_PREFIX}ratelimit:`),
    skipOnError: true,
    errorResponseBuilder: (_request, context) => {
      const error = new Error(`Too many requests: at most ${context.max} per ${context.after}; retry later`) as Error & { statusCode: number };
      error.statusCode = 429;
      return error;
    },
  });
}

/** Per-route limits come from the contract (login, bookings, orders snapshot...). */
export function routeRateLimit(op: Operation, factor: number): Record<string, unknown> {
  const limit = op.http?.rateLimit;
  if (!limit) return {};
  return { rateLimit: { max: Math.max(1, Math.round(limit.max * factor)), timeWindow: limit.timeWindowMs } };
}
