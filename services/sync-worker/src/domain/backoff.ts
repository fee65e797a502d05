/**
 * Exponential backoff: base, 2×base, 4×base... capped, with up to 20% jitter
 * so instances retrying the same outage do not knock in step.
 */
export function backoffDelay(retry: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** (retry - 1));
  return Math.round(exponential * (1 + 0.2 * random()));
}
