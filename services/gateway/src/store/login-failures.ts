import type { ExactWindowCounter } from './window-counters.js';

/**
 * Wrong passwords per account (10 in 15 minutes by default). Past the limit,
 * that account's logins answer 429 until its window ends, the right password
 * included, so guessing one fan's password stops there, while every other
 * account behind the same address logs in as usual. A success does not clear
 * the count: it would hand a guesser a fresh budget each time the owner signs in.
 */
export class LoginFailures {
  constructor(
    private readonly counter: ExactWindowCounter,
    readonly max: number,
    readonly windowMs: number,
  ) {}

  /** Milliseconds until this email may try again, or 0 when it may now. */
  async lockedFor(email: string): Promise<number> {
    const count = await this.counter.peek(email, this.windowMs);
    return count.current >= this.max ? Math.max(1, count.ttlMs) : 0;
  }

  async record(email: string): Promise<void> {
    await this.counter.hit(email, this.windowMs);
  }
}
