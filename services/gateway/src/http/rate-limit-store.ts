import { createRequire } from 'node:module';
import type { FastifyRateLimitStore as RateLimitStore } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';

type Counted = Parameters<RateLimitStore['incr']>[1];
/** What the plugin passes to child(): the route's merged limit settings (its typings name only part of it). */
type ChildOptions = { continueExceeding: boolean; exponentialBackoff: boolean; routeInfo: { method: string; url: string } };

interface Counter {
  /** Requests counted here and not yet added in Redis. */
  pending: number;
  /** Requests in flight to Redis in the current sync. */
  syncing: number;
  /** The window's count across every gateway instance, as Redis last answered. */
  shared: number;
  windowEndsAt: number;
}

const require = createRequire(import.meta.url);
// The library's own exact store, used for the per-route limits.
const ExactRedisStore = require('@fastify/rate-limit/store/RedisStore.js') as new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
  redis: Redis,
  key: string,
) => RateLimitStore;

const ADD_TO_WINDOW = `
local current = redis.call('INCRBY', KEYS[1], ARGV[1])
if current == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return {current, redis.call('PTTL', KEYS[1])}
`;

/** Redis unreachable: keep limiting on this instance's own count, in windows of our own. */
function countLocally(counter: Counter, added: number, timeWindow: number): void {
  const now = Date.now();
  if (counter.windowEndsAt <= now) {
    counter.shared = 0;
    counter.windowEndsAt = now + timeWindow;
  }
  counter.shared += added;
}

/**
 * The store behind the global limit (600 requests a minute per client by
 * default). Counting every request in Redis was a Redis round trip per API
 * call, a tenth of the gateway's CPU under load; here each instance counts in
 * memory and adds its counts to Redis every `syncIntervalMs` in one pipeline,
 * and answers from the last shared count plus its own since. Across N
 * instances a client can exceed the limit by what N instances serve it in one
 * interval; the tight per-route limits (login, bookings, orders snapshot) are
 * children and stay exact, one Redis call per request. If Redis is down the
 * local count still limits each instance.
 */
export function batchedRateLimitStore(redis: Redis, nameSpace: string, syncIntervalMs = 50) {
  if (!(redis as unknown as { addToWindow?: unknown }).addToWindow) redis.defineCommand('addToWindow', { numberOfKeys: 1, lua: ADD_TO_WINDOW });

  return class BatchedRateLimitStore implements RateLimitStore {
    private readonly counters = new Map<string, Counter>();
    private timer: NodeJS.Timeout | undefined;

    incr(key: string, callback: Counted, timeWindow: number): void {
      const now = Date.now();
      let counter = this.counters.get(key);
      if (!counter || (counter.windowEndsAt <= now && counter.pending === 0 && counter.syncing === 0)) {
        counter = { pending: 0, syncing: 0, shared: 0, windowEndsAt: now + timeWindow };
        this.counters.set(key, counter);
      }
      counter.pending++;
      this.timer ??= setTimeout(() => this.sync(timeWindow), syncIntervalMs).unref();
      callback(null, { current: counter.shared + counter.syncing + counter.pending, ttl: Math.max(0, counter.windowEndsAt - now) });
    }

    child(routeOptions: Parameters<RateLimitStore['child']>[0]): RateLimitStore {
      const { continueExceeding, exponentialBackoff, routeInfo } = routeOptions as unknown as ChildOptions;
      const { method, url } = routeInfo;
      return new ExactRedisStore(continueExceeding, exponentialBackoff, redis, `${nameSpace}${method}${url}-`);
    }

    private sync(timeWindow: number): void {
      this.timer = undefined;
      const now = Date.now();
      const pipeline = redis.pipeline();
      const batch: Array<[Counter, number]> = [];
      for (const [key, counter] of this.counters) {
        if (counter.pending === 0) {
          if (counter.windowEndsAt <= now && counter.syncing === 0) this.counters.delete(key);
          continue;
        }
        const added = counter.pending;
        counter.pending = 0;
        counter.syncing += added;
        batch.push([counter, added]);
        (pipeline as unknown as { addToWindow(key: string, added: number, window: number): void }).addToWindow(`${nameSpace}${key}`, added, timeWindow);
      }
      if (batch.length === 0) return;
      pipeline.exec().then(
        (results) => {
          batch.forEach(([counter, added], i) => {
            counter.syncing -= added;
            const [error, reply] = results?.[i] ?? [new Error('no reply')];
            if (error) {
              countLocally(counter, added, timeWindow);
              return;
            }
            const [current, ttl] = reply as [number, number];
            counter.shared = current;
            counter.windowEndsAt = Date.now() + Math.max(0, ttl);
          });
        },
        () => {
          for (const [counter, added] of batch) {
            counter.syncing -= added;
            countLocally(counter, added, timeWindow);
          }
        },
      );
      if (this.counters.size > 0) this.timer = setTimeout(() => this.sync(timeWindow), syncIntervalMs).unref();
    }
  };
}
