import { Redis } from 'ioredis';
import { infra } from './infra.js';

/**
 * Deletes every Redis key of a test namespace (REDIS_PREFIX `${namespace}:`):
 * BullMQ queues, job schedulers, deduplication keys, rate-limit counters.
 * Call in afterAll, after the services and queues are closed.
 */
export async function dropNamespaceKeys(namespace: string): Promise<number> {
  const redis = new Redis(infra.redisUrl, { maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${namespace}:*`, 'COUNT', 500);
      if (keys.length) deleted += await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}
