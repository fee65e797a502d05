import { createHash } from 'node:crypto';

/**
 * What a replay must match to return the first result: the reservation as
 * validated (normalised email, nulls for absent options). The same key with a
 * different reservation is refused rather than silently answered.
 */
export function reservationFingerprint(request: Record<string, unknown>): string {
  const canonical = Object.keys(request)
    .sort()
    .map((key) => [key, request[key] ?? null]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
