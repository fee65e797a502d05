import { DomainError } from '@platform/contracts';

interface Waiting {
  start: () => void;
}

/**
 * Password hashing with bounded concurrency, and the truth when it is full.
 * A hash costs tens of milliseconds of CPU; 50 registrations at once used to
 * start 50 hashes, each finishing long after its caller gave up (504), and
 * the accounts were created anyway. Here at most `concurrency` hashes run; a
 * request waits in line only while the line's expected wait (its length times
 * the recent hash time, per slot) fits `maxWaitMs`. Past that it is refused
 * at once with 503 and Retry-After, before any work is spent on it. A request
 * whose caller gives up while waiting (its deadline signal) leaves the line.
 */
export class HashingQueue {
  private running = 0;
  private readonly waiting: Waiting[] = [];
  /** Recent hash duration, smoothed; starts at a typical scrypt cost. */
  private averageMs = 80;

  constructor(
    private readonly concurrency: number,
    private readonly maxWaitMs: number,
  ) {}

  /** Expected wait for a newcomer, in milliseconds. */
  expectedWaitMs(): number {
    const ahead = this.waiting.length + Math.max(0, this.running - this.concurrency + 1);
    return Math.ceil(ahead / this.concurrency) * this.averageMs;
  }

  /**
   * Runs `work` when a slot is free. `deadline` (epoch ms) is the caller's:
   * a request that would still be waiting, or hashing, when it passes is
   * refused now (503), not answered 504 later.
   */
  async run<T>(work: () => Promise<T>, signal?: AbortSignal, deadline = Number.POSITIVE_INFINITY): Promise<T> {
    if (this.running >= this.concurrency) {
      const wait = this.expectedWaitMs();
      if (wait > Math.min(this.maxWaitMs, deadline - Date.now() - this.averageMs)) {
        const retryAfter = Math.max(1, Math.ceil(wait / 1000));
        throw new DomainError('SERVICE_UNAVAILABLE', `Too many sign-ins at this moment; retry in ${retryAfter} s`, { retryAfter });
      }
      await this.waitForSlot(signal);
    } else {
      this.running++;
    }
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.averageMs = this.averageMs * 0.8 + (performance.now() - started) * 0.2;
      const next = this.waiting.shift();
      // The slot passes straight to the next in line, so `running` stays as it is.
      if (next) next.start();
      else this.running--;
    }
  }

  private waitForSlot(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const entry: Waiting = {
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        const index = this.waiting.indexOf(entry);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(new DomainError('DEADLINE_EXCEEDED', 'The request gave up while waiting to check its password'));
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(entry);
    });
  }
}
