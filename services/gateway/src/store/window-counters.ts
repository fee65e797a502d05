import type { Redis } from 'ioredis';

/** One fixed window's count for a key, and the milliseconds until it resets. */
export interface WindowCount {
  current: number;
  ttlMs: number;
}

interface Counter {
  /** Requests counted here and not yet added in Redis. */
  pending: number;
  /** Requests in flight to Redis in the current sync. */
  syncing: number;
  /** The window's count across every gateway instance, as Redis last answered. */
  shared: number;
  windowEndsAt: number;
}

const ADD_TO_WINDOW = `
local current = redis.call('INCRBY', KEYS[1], ARGV[1])
if current == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return {current, redis.call('PTTL', KEYS[1])}
`;

type WithScript = Redis & { addToWindow(key: string, added: number, windowMs: number): Promise<[number, number]> };

function withScript(redis: Redis): WithScript {
  if (!(redis as unknown as { addToWindow?: unknown }).addToWindow) redis.defineCommand('addToWindow', { numberOfKeys: 1, lua: ADD_TO_WINDOW });
  return redis as WithScript;
}

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
 * The counter behind the broad limits (per IP, per account), hit by every
 * request. Counting each request in Redis was a Redis round trip per API
 * call, a tenth of the gateway's CPU under load; here each instance counts in
 * memory and adds its counts to Redis every `syncIntervalMs` in one pipeline,
 * and answers from the last shared count plus its own since. Across N
 * instances a client can exceed the limit by what N instances serve it in one
 * interval; the tight per-route limits use ExactWindowCounter. If Redis is
 * down the local count still limits each instance.
 */
export class BatchedWindowCounter {
  private readonly counters = new Map<string, Counter>();
  private timer: NodeJS.Timeout | undefined;
  private readonly redis: WithScript;

  constructor(
    redis: Redis,
    private readonly nameSpace: string,
    private readonly windowMs: number,
    private readonly syncIntervalMs = 50,
  ) {
    this.redis = withScript(redis);
  }

  hit(key: string): WindowCount {
    const now = Date.now();
    let counter = this.counters.get(key);
    if (!counter || (counter.windowEndsAt <= now && counter.pending === 0 && counter.syncing === 0)) {
      counter = { pending: 0, syncing: 0, shared: 0, windowEndsAt: now + this.windowMs };
      this.counters.set(key, counter);
    }
    counter.pending++;
    this.timer ??= setTimeout(() => this.sync(), this.syncIntervalMs).unref();
    return { current: counter.shared + counter.syncing + counter.pending, ttlMs: Math.max(0, counter.windowEndsAt - now) };
  }

  private sync(): void {
    this.timer = undefined;
    const now = Date.now();
    const pipeline = this.redis.pipeline();
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
      (pipeline as unknown as WithScript).addToWindow(`${this.nameSpace}${key}`, added, this.windowMs);
    }
    if (batch.length === 0) return;
    pipeline.exec().then(
      (results) => {
        batch.forEach(([counter, added], i) => {
          counter.syncing -= added;
          const [error, reply] = results?.[i] ?? [new Error('no reply')];
          if (error) {
            countLocally(counter, added, this.windowMs);
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
          countLocally(counter, added, this.windowMs);
        }
      },
    );
    if (this.counters.size > 0) this.timer = setTimeout(() => this.sync(), this.syncIntervalMs).unref();
  }
}

/**
 * Exact fixed windows in Redis, one round trip per hit: the tight limits
 * (a route's own, failed logins), where a batch's overshoot would matter.
 * When Redis does not answer, this instance counts alone (the limit then holds
 * per instance, never not at all).
 */
export class ExactWindowCounter {
  private readonly redis: WithScript;
  private readonly local = new Map<string, { count: number; endsAt: number }>();

  constructor(
    redis: Redis,
    private readonly nameSpace: string,
  ) {
    this.redis = withScript(redis);
  }

  async hit(key: string, windowMs: number, by = 1): Promise<WindowCount> {
    try {
      const [current, ttl] = await this.redis.addToWindow(`${this.nameSpace}${key}`, by, windowMs);
      return { current, ttlMs: Math.max(0, ttl) };
    } catch {
      return this.hitLocally(key, windowMs, by);
    }
  }

  /** The count so far without adding to it (0 when the window is over). */
  async peek(key: string, windowMs: number): Promise<WindowCount> {
    return this.hit(key, windowMs, 0);
  }

  private hitLocally(key: string, windowMs: number, by: number): WindowCount {
    const now = Date.now();
    let entry = this.local.get(key);
    if (!entry || entry.endsAt <= now) {
      if (this.local.size > 100_000) for (const [k, e] of this.local) if (e.endsAt <= now) this.local.delete(k);
      entry = { count: 0, endsAt: now + windowMs };
      this.local.set(key, entry);
    }
    entry.count += by;
    return { current: entry.count, ttlMs: entry.endsAt - now };
  }
}
