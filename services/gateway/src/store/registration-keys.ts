import { createHash, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';

const KEEP_SECONDS = 24 * 3600;

const digest = (key: string) => createHash('sha256').update(key).digest();

/**
 * The Idempotency-Key each registration came with, per email, for a day:
 * the first key wins. Kept as a hash, in Redis (a retry comes within
 * seconds; an account whose key has expired is answered 409 as before).
 */
export class RegistrationKeys {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async remember(email: string, idempotencyKey: string): Promise<void> {
    try {
      await this.redis.set(`${this.prefix}${email}`, digest(idempotencyKey).toString('base64'), 'EX', KEEP_SECONDS, 'NX');
    } catch {
      // Redis away: the registration goes on; only its replay is lost (a retry then answers 409).
    }
  }

  async matches(email: string, idempotencyKey: string): Promise<boolean> {
    let stored: string | null;
    try {
      stored = await this.redis.get(`${this.prefix}${email}`);
    } catch {
      return false;
    }
    if (!stored) return false;
    const expected = Buffer.from(stored, 'base64');
    const actual = digest(idempotencyKey);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
}
