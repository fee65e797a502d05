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
   * Runs `work` when a slot is free. `deadline` (epoch ms) is the caller's,
   * and `reserveMs` the time it needs after the hash (a session to write, an
   * account to create). A request that could not finish in time is refused
   * with 503 and Retry-After, never left to answer 504: at once when the line
   * is already too long, or, when the line moved slower than expected, as
   * soon as waiting any longer would leave too little time.
   */
  async run<T>(work: () => Promise<T>, options: RunOptions = {}): Promise<T> {
    const { signal, deadline = Number.POSITIVE_INFINITY, reserveMs = 0 } = options;
    const timeLeft = () => deadline - Date.now() - reserveMs - this.averageMs;
    if (this.running >= this.concurrency) {
      const wait = this.expectedWaitMs();
      if (wait > Math.min(this.maxWaitMs, timeLeft())) throw this.busy(wait);
      await this.waitForSlot(signal, timeLeft());
    } else if (timeLeft() < 0) {
      throw this.busy(this.averageMs);
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

  private busy(waitMs: number): DomainError {
    const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
    return new DomainError('SERVICE_UNAVAILABLE', `Too many sign-ins at this moment; retry in ${retryAfter} s`, { retryAfter });
  }

  /** Waits for a slot; leaves the line with 503 after `giveUpAfterMs`, or when the caller is gone. */
  private waitForSlot(signal: AbortSignal | undefined, giveUpAfterMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const leave = (error: DomainError) => {
        const index = this.waiting.indexOf(entry);
        if (index >= 0) this.waiting.splice(index, 1);
        signal?.removeEventListener('abort', onAbort);
        clearTimeout(giveUp);
        reject(error);
      };
      const entry: Waiting = {
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          clearTimeout(giveUp);
          resolve();
        },
      };
      const onAbort = () => leave(new DomainError('DEADLINE_EXCEEDED', 'The request gave up while waiting to check its password'));
      const giveUp = Number.isFinite(giveUpAfterMs) ? setTimeout(() => leave(this.busy(this.expectedWaitMs())), Math.max(0, giveUpAfterMs)) : undefined;
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(entry);
    });
  }
}

export interface RunOptions {
  /** The caller's cancellation: it left (or its deadline passed) while waiting. */
  signal?: AbortSignal;
  /** The caller's deadline, epoch milliseconds. */
  deadline?: number;
  /** Time the caller needs after the hash, before its deadline. */
  reserveMs?: number;
}
