import { allOperations } from '@platform/contracts';
import { parseConfig, type Service } from '@platform/service-kit';
import { dropNamespaceSchemas, serviceEnv, TestApi, uniqueNamespace } from '@platform/testkit';
import { dropNamespaceKeys } from '@platform/testkit/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGateway } from '../src/app.js';
import { gatewayEnvSchema } from '../src/config.js';

const LIMIT = 40;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends `count` requests one after the other, round-robin over the gateways; returns each status. */
async function statuses(apis: TestApi[], count: number, gapMs: number): Promise<number[]> {
  const seen: number[] = [];
  for (let i = 0; i < count; i++) {
    seen.push((await apis[i % apis.length]!.get('/api/auth/me')).status);
    await pause(gapMs);
  }
  return seen;
}

/** The per-address backstop (anonymous requests), set low here to watch its batched count across instances. */
describe('per-address limit, counted in memory and shared through Redis', () => {
  const namespace = uniqueNamespace('rl');
  const gateways: Service[] = [];
  const apis: TestApi[] = [];

  beforeAll(async () => {
    // Two instances of one deployment: same namespace, same Redis keys.
    const config = parseConfig(gatewayEnvSchema, serviceEnv('gateway', namespace, { RATE_LIMIT_IP_MAX: String(LIMIT), RATE_LIMIT_WINDOW_MS: '60000' }));
    for (let i = 0; i < 2; i++) {
      const gateway = await buildGateway(config, { operations: allOperations });
      gateways.push(gateway);
      apis.push(new TestApi(await gateway.listen(0)));
    }
  });
  afterAll(async () => {
    await Promise.all(gateways.map((gateway) => gateway.stop()));
    await dropNamespaceSchemas(namespace);
    await dropNamespaceKeys(namespace);
  });

  it('holds the limit across two instances, give or take one sync interval, then refuses on both', async () => {
    const seen = await statuses(apis, 100, 10);
    const allowed = seen.filter((status) => status !== 429).length;
    expect(seen.every((status) => status === 401 || status === 429)).toBe(true);
    // Each instance learns the other's count every 50 ms: with a request every
    // ~10 ms the overshoot is a handful, never another instance's full share.
    expect(allowed).toBeGreaterThanOrEqual(LIMIT);
    expect(allowed).toBeLessThanOrEqual(LIMIT + 10);
    // Once over, both instances refuse.
    expect(seen.slice(-10)).toEqual(Array(10).fill(429));
  });

  it('answers 429 with the limit and its real window in the message, and the wait in retryAfter and Retry-After', async () => {
    const res = await apis[1]!.get('/api/auth/me');
    expect(res.status).toBe(429);
    expect(res.body.error.message).toMatch(new RegExp(`^Too many requests from this address: at most ${LIMIT} per 60 seconds; retry in \\d+ s$`));
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(res.body.error.retryAfter).toBe(retryAfter);
    expect(res.headers.get('x-ratelimit-limit')).toBe(String(LIMIT));
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
  });
});
