import { DomainError } from '@platform/contracts';
import { describe, expect, it } from 'vitest';
import { HashingQueue } from '../src/domain/hashing-queue.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const codeOf = (error: unknown) => (error instanceof DomainError ? error.code : String(error));

describe('the hashing queue answers 503 in time, never a late 504', () => {
  it('refuses at once when the line is longer than the longest wait', async () => {
    const queue = new HashingQueue(1, 50);
    const first = queue.run(() => sleep(150));
    await expect(queue.run(() => sleep(150))).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    await first;
  });

  it('leaves the line with 503 and Retry-After before the deadline when the slot is held longer than expected', async () => {
    const queue = new HashingQueue(1, 10_000);
    // The first hash takes far longer than the queue's estimate (80 ms).
    const slow = queue.run(() => sleep(1_500));
    const deadline = Date.now() + 800;
    const started = Date.now();
    const waiting = queue.run(async () => 'hashed', { deadline, reserveMs: 200 });
    const outcome = await waiting.then(
      (value) => ({ value, at: Date.now() }),
      (error: unknown) => ({ error, at: Date.now() }),
    );
    expect(outcome).toHaveProperty('error');
    expect(codeOf((outcome as { error: unknown }).error)).toBe('SERVICE_UNAVAILABLE');
    expect((outcome as { error: DomainError }).error.retryAfter).toBeGreaterThanOrEqual(1);
    // It left while the caller could still answer: before deadline − reserve, not at or after the deadline.
    expect(outcome.at).toBeLessThan(deadline - 150);
    expect(outcome.at - started).toBeGreaterThan(300);
    await slow;
  });

  it('runs a waiter whose slot frees in time, and passes the slot on in order', async () => {
    const queue = new HashingQueue(1, 10_000);
    const order: number[] = [];
    const runs = [0, 1, 2].map((i) =>
      queue.run(
        async () => {
          await sleep(50);
          order.push(i);
        },
        { deadline: Date.now() + 5_000, reserveMs: 100 },
      ),
    );
    await Promise.all(runs);
    expect(order).toEqual([0, 1, 2]);
  });

  it('refuses a request whose deadline leaves no time for the hash and what follows it', async () => {
    const queue = new HashingQueue(2, 10_000);
    await expect(queue.run(async () => 'x', { deadline: Date.now() + 50, reserveMs: 1_000 })).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });
});
