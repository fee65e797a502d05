import { DomainError, type Operation } from '@platform/contracts';
import { verifiedAccessToken } from '@platform/service-kit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { GatewayConfig } from '../config.js';
import { BatchedWindowCounter, ExactWindowCounter, type WindowCount } from '../store/window-counters.js';

/** A route's own limit, from its contract (or set by hand on the job dashboard's login). */
export interface RouteLimit {
  name: string;
  max: number;
  /** The limit for a staff or admin account, when it differs. */
  staffMax?: number;
  windowMs: number;
  /** A body field whose value keys the limit for a caller without a token. */
  key?: 'email';
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in account, when the request carries a valid access token (read once, for the limits). */
    caller?: { id: string; role: 'user' | 'admin' | 'staff' };
  }
  interface FastifyContextConfig {
    routeLimit?: RouteLimit;
  }
}

/** "60 seconds", "1 second", "15 minutes": the window a limit counts in, as people say it. */
export function describeWindow(windowMs: number): string {
  const seconds = Math.round(windowMs / 1000);
  if (seconds % 60 === 0 && seconds >= 120) return `${seconds / 60} minutes`;
  return seconds === 1 ? '1 second' : `${seconds} seconds`;
}

/** The 429 every limit answers: the limit and its real window in the message, the wait in `retryAfter` and Retry-After. */
export function tooManyRequests(whose: string, max: number, windowMs: number, ttlMs: number): DomainError {
  const retryAfter = Math.max(1, Math.ceil(ttlMs / 1000));
  return new DomainError('RATE_LIMITED', `Too many requests ${whose}: at most ${max} per ${describeWindow(windowMs)}; retry in ${retryAfter} s`, {
    retryAfter,
  });
}

function setLimitHeaders(reply: FastifyReply, max: number, count: WindowCount): void {
  reply.header('x-ratelimit-limit', String(max));
  reply.header('x-ratelimit-remaining', String(Math.max(0, max - count.current)));
  reply.header('x-ratelimit-reset', String(Math.ceil(count.ttlMs / 1000)));
}

const isStaff = (request: FastifyRequest) => request.caller?.role === 'staff' || request.caller?.role === 'admin';

/** The signed-in account behind a request, if its token is valid; a forged token counts as anonymous (its address pays). */
async function readCaller(request: FastifyRequest): Promise<void> {
  const authorization = request.headers.authorization;
  if (typeof authorization !== 'string' || !authorization.startsWith('Bearer ')) return;
  try {
    // Verified once per request: the route's own check reads the same claims.
    const claims = await verifiedAccessToken(request);
    if (claims.typ === 'access' && typeof claims.sub === 'string') {
      request.caller = { id: claims.sub, role: claims.role === 'admin' || claims.role === 'staff' ? claims.role : 'user' };
    }
  } catch {
    // Invalid or expired: the route answers 401 itself.
  }
}

/** What a route's limit counts: the email the body names (login, register), else the account, else the address. */
function routeKey(request: FastifyRequest, limit: RouteLimit): string {
  if (limit.key === 'email') {
    const email = (request.body as Record<string, unknown> | undefined)?.email;
    if (typeof email === 'string' && email.trim()) return `email:${email.trim().toLowerCase().slice(0, 254)}`;
  }
  return request.caller ? `user:${request.caller.id}` : `ip:${request.ip}`;
}

/**
 * The gateway's limits, keyed on who is asking (docs/operations.md, "Limits"):
 * - every request from one address: RATE_LIMIT_IP_MAX, a backstop sized for a carrier NAT;
 * - every request of one signed-in account: RATE_LIMIT_MAX (RATE_LIMIT_STAFF_MAX for staff and admins);
 * - a route's own limit from its contract, per account, per email (login, register) or per address.
 * Counts live in Redis so they hold across instances; when Redis is away each
 * instance counts alone, so a limit weakens but never disappears.
 */
export function registerRateLimits(app: FastifyInstance, redis: Redis, config: GatewayConfig): void {
  const prefix = `${config.REDIS_PREFIX}ratelimit:`;
  const perAddress = new BatchedWindowCounter(redis, `${prefix}ip:`, config.RATE_LIMIT_WINDOW_MS);
  const perAccount = new BatchedWindowCounter(redis, `${prefix}account:`, config.RATE_LIMIT_WINDOW_MS);
  const perRoute = new ExactWindowCounter(redis, `${prefix}route:`);
  const window = config.RATE_LIMIT_WINDOW_MS;

  app.addHook('onRequest', async (request, reply) => {
    const fromAddress = perAddress.hit(request.ip);
    if (fromAddress.current > config.RATE_LIMIT_IP_MAX) {
      setLimitHeaders(reply, config.RATE_LIMIT_IP_MAX, fromAddress);
      throw tooManyRequests('from this address', config.RATE_LIMIT_IP_MAX, window, fromAddress.ttlMs);
    }
    await readCaller(request);
    if (!request.caller) {
      setLimitHeaders(reply, config.RATE_LIMIT_IP_MAX, fromAddress);
      return;
    }
    const max = isStaff(request) ? config.RATE_LIMIT_STAFF_MAX : config.RATE_LIMIT_MAX;
    const ofAccount = perAccount.hit(request.caller.id);
    setLimitHeaders(reply, max, ofAccount);
    if (ofAccount.current > max) throw tooManyRequests('for this account', max, window, ofAccount.ttlMs);
  });

  // After the body is parsed: login and register count per email.
  app.addHook('preHandler', async (request, reply) => {
    const limit = request.routeOptions.config?.routeLimit;
    if (!limit) return;
    const max = isStaff(request) && limit.staffMax ? limit.staffMax : limit.max;
    const count = await perRoute.hit(`${limit.name}:${routeKey(request, limit)}`, limit.windowMs);
    setLimitHeaders(reply, max, count);
    if (count.current > max) {
      const whose = limit.key === 'email' ? 'for this email' : request.caller ? 'for this account' : 'from this address';
      throw tooManyRequests(`${whose} on ${request.method} ${request.routeOptions.url}`, max, limit.windowMs, count.ttlMs);
    }
  });
}

/** A route's limit from its contract, scaled by RATE_LIMIT_ROUTE_FACTOR. */
export function routeRateLimit(op: Operation, factor: number): { routeLimit?: RouteLimit } {
  const limit = op.http?.rateLimit;
  if (!limit) return {};
  const scale = (max: number) => Math.max(1, Math.round(max * factor));
  return {
    routeLimit: {
      name: op.name,
      max: scale(limit.max),
      ...(limit.staffMax ? { staffMax: scale(limit.staffMax) } : {}),
      windowMs: limit.timeWindowMs,
      ...(limit.key ? { key: limit.key } : {}),
    },
  };
}
