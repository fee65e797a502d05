import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * True when no key is configured (the seed's endpoint is open), or when the
 * caller's X-API-Key equals it. Compared as SHA-256 digests with
 * timingSafeEqual, so neither the content nor the length leaks through timing.
 */
export function apiKeyAccepted(configured: string | undefined, given: string | undefined): boolean {
  if (configured === undefined) return true;
  if (given === undefined) return false;
  return timingSafeEqual(digest(configured), digest(given));
}

/**
 * True when `given` equals one of the configured keys (none configured: false).
 * Every key is compared, so timing does not tell which one matched.
 */
export function anyKeyAccepted(configured: readonly (string | undefined)[], given: string | undefined): boolean {
  if (given === undefined) return false;
  let accepted = false;
  for (const key of configured) if (key !== undefined && timingSafeEqual(digest(key), digest(given))) accepted = true;
  return accepted;
}
