import type { NatsConnection } from '@nats-io/transport-node';
import { auth, DomainError, type RequestContext } from '@platform/contracts';
import { callOperation } from './operation-client.js';

export interface DirectoryUser {
  id: string;
  name: string;
  /** As the user registered it; compare case-insensitively. */
  clubId: string | null;
}

export type DirectoryQuery = { id: string } | { email: string };

const LOOKUP_TIMEOUT_MS = 2_000;
/** A bound, not an LRU: past it the cache starts over, which costs lookups, never correctness. */
const MAX_CACHED = 10_000;

/**
 * Users as the gateway knows them, through its internal `gateway.findUser`
 * operation: no other service reads the gateway's tables. Found users are
 * cached for `ttlMs` (accounts are never deleted, so a cached hit is never
 * wrong about existence; a renamed user shows the old name until the entry
 * expires). Unknown users are not cached, so a fresh sign-up is found at once.
 */
export class UserDirectory {
  private readonly cache = new Map<string, { user: DirectoryUser; expiresAt: number }>();
  private readonly inFlight = new Map<string, Promise<DirectoryUser | undefined>>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly namespace: string,
    private readonly ttlMs: number,
  ) {}

  /**
   * The user, or undefined when nobody has that id or email. Throws
   * SERVICE_UNAVAILABLE (503) when the gateway cannot answer. Concurrent
   * lookups of the same user share one request: 200 racing sends to a new
   * recipient cost the gateway one lookup, not 200 that time out together
   * under load (seen in the wallet's concurrency test next to the scale-out suite).
   */
  async find(query: DirectoryQuery, parent?: Pick<RequestContext, 'requestId'>): Promise<DirectoryUser | undefined> {
    const cacheKey = 'id' in query ? `id:${query.id}` : `email:${query.email.trim().toLowerCase()}`;
    const cached = this.cache.get(cacheKey);
    if (cached && cached.expiresAt > Date.now()) return cached.user;
    const pending = this.inFlight.get(cacheKey);
    if (pending) return pending;
    const lookup = this.lookUp(query, cacheKey, parent).finally(() => this.inFlight.delete(cacheKey));
    this.inFlight.set(cacheKey, lookup);
    return lookup;
  }

  /** Display names of several users; unknown or unreachable ones are left out. */
  async names(ids: Iterable<string>): Promise<Map<string, string>> {
    const found = await Promise.all([...new Set(ids)].map((id) => this.find({ id }).catch(() => undefined)));
    return new Map(found.filter((user): user is DirectoryUser => user !== undefined).map((user) => [user.id, user.name]));
  }

  private async lookUp(query: DirectoryQuery, cacheKey: string, parent?: Pick<RequestContext, 'requestId'>): Promise<DirectoryUser | undefined> {
    let found: { id: string; name: string; clubId: string | null };
    try {
      // Only the request id travels, for the logs: the lookup is shared and keeps its own time budget.
      const chain = parent && { requestId: parent.requestId, deadline: Number.POSITIVE_INFINITY };
      found = await callOperation(this.nc, this.namespace, auth.findUser, query, { parent: chain, timeoutMs: LOOKUP_TIMEOUT_MS });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'NOT_FOUND') return undefined;
      throw new DomainError('SERVICE_UNAVAILABLE', 'Users cannot be looked up right now; retry shortly');
    }
    const user: DirectoryUser = { id: found.id, name: found.name, clubId: found.clubId };
    if (this.ttlMs > 0) this.remember([`id:${user.id}`, cacheKey], user);
    return user;
  }

  private remember(keys: string[], user: DirectoryUser): void {
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    const expiresAt = Date.now() + this.ttlMs;
    for (const key of keys) this.cache.set(key, { user, expiresAt });
  }
}
