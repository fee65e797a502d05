import type { NatsConnection } from '@nats-io/transport-node';
import { auth, DomainError } from '@platform/contracts';
import { callOperation } from '@platform/service-kit';

export interface DirectoryUser {
  id: string;
  name: string;
  /** Lower-cased, to compare with the club slugs of tickets and follows. */
  clubId: string | null;
}

const LOOKUP_TIMEOUT_MS = 2_000;
const MAX_CACHED = 10_000;

/**
 * Resolves users through the gateway's internal `gateway.findUser` operation:
 * social never reads the gateway's tables. Found users are cached for a short
 * while (accounts are not deleted, so a cached hit is never wrong about
 * existence; a renamed user shows the old name until the entry expires).
 * Unknown users are not cached, so a fresh sign-up is found at once.
 */
export class UserDirectory {
  private readonly cache = new Map<string, { user: DirectoryUser; expiresAt: number }>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly namespace: string,
    private readonly ttlMs: number,
  ) {}

  /** The user, or undefined when nobody has that id. Throws SERVICE_UNAVAILABLE when the gateway cannot answer. */
  async find(id: string): Promise<DirectoryUser | undefined> {
    const cached = this.cache.get(id);
    if (cached && cached.expiresAt > Date.now()) return cached.user;
    let found: { id: string; name: string; clubId: string | null };
    try {
      found = await callOperation(this.nc, this.namespace, auth.findUser, { id }, { timeoutMs: LOOKUP_TIMEOUT_MS });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'NOT_FOUND') return undefined;
      throw new DomainError('SERVICE_UNAVAILABLE', 'Users cannot be looked up right now; retry shortly');
    }
    const user: DirectoryUser = { id: found.id, name: found.name, clubId: found.clubId ? found.clubId.toLowerCase() : null };
    if (this.ttlMs > 0) {
      if (this.cache.size >= MAX_CACHED) this.cache.clear();
      this.cache.set(id, { user, expiresAt: Date.now() + this.ttlMs });
    }
    return user;
  }

  /** Display names of several users; unknown or unreachable ones are left out (shown as null). */
  async names(ids: Iterable<string>): Promise<Map<string, string>> {
    const found = await Promise.all([...new Set(ids)].map((id) => this.find(id).catch(() => undefined)));
    return new Map(found.filter((u): u is DirectoryUser => u !== undefined).map((u) => [u.id, u.name]));
  }
}
