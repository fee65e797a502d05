import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export type KeyCheck = 'ok' | 'missing' | 'invalid';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Checks an X-API-Key against the accepted keys in constant time. Both sides
 * are hashed first, so the comparison never depends on the presented key's
 * length, and every accepted key is compared (no early exit), so the time
 * does not tell which key matched or how many are configured.
 */
export class ApiKeyVerifier {
  private readonly digests: Buffer[];

  constructor(keys: readonly string[]) {
    this.digests = keys.map(digest);
  }

  get configured(): boolean {
    return this.digests.length > 0;
  }

  check(presented: string | undefined): KeyCheck {
    if (presented === undefined || presented === '') return 'missing';
    const candidate = digest(presented);
    let matched = false;
    for (const accepted of this.digests) matched = timingSafeEqual(candidate, accepted) || matched;
    return matched ? 'ok' : 'invalid';
  }
}

/** Same as Python's secrets.token_urlsafe(32): 32 random bytes, base64url, 43 characters. */
export function newApiKey(): string {
  return randomBytes(32).toString('base64url');
}
