import type { NatsConnection } from '@nats-io/transport-node';
import { auth, DomainError, operationSubject, type ReplyEnvelope, type RequestContext } from '@platform/contracts';

export interface DirectoryUser {
  id: string;
  name: string;
}

const LOOKUP_TIMEOUT_MS = 2_000;
const MAX_CACHED = 10_000;

/**
 * Resolves users through the gateway's internal `gateway.findUser` operation:
 * the wallet never reads the gateway's tables. Found users are cached for a
 * short while (accounts are never deleted, so a cached hit is never wrong
 * about existence; a renamed user shows the old name until the entry expires).
 * Unknown users are not cached, so a fresh sign-up is found at once.
 */
export class UserDirectory {
  private readonly cache = new Map<string, { user: DirectoryUser; expiresAt: number }>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly namespace: string,
    private readonly ttlMs: number,
  ) {}

  /** The user, or undefined when nobody has that id or email. */
  async find(query: { id: string } | { email: string }, ctx?: Pick<RequestContext, 'requestId'>): Promise<DirectoryUser | undefined> {
    const cacheKey = 'id' in query ? `id:${query.id}` : `email:${query.email}`;
    const cached = this.cache.get(cacheKey);
    if (cached && cached.expiresAt > Date.now()) return cached.user;

    const envelope = { input: query, ctx: { requestId: ctx?.requestId ?? 'wallet', deadline: Date.now() + LOOKUP_TIMEOUT_MS } };
    let reply: ReplyEnvelope<{ id: string; name: string }>;
    try {
      const msg = await this.nc.request(operationSubject(auth.findUser, this.namespace), JSON.stringify(envelope), { timeout: LOOKUP_TIMEOUT_MS });
      reply = msg.json();
    } catch {
      throw new DomainError('SERVICE_UNAVAILABLE', 'Users cannot be looked up right now; retry shortly');
    }
    if (!reply.ok) {
      if (reply.error.code === 'NOT_FOUND') return undefined;
      throw new DomainError('SERVICE_UNAVAILABLE', 'Users cannot be looked up right now; retry shortly');
    }
    const user = { id: reply.data.id, name: reply.data.name };
    if (this.ttlMs > 0) this.remember([`id:${user.id}`, cacheKey], user);
    return user;
  }

  /** Names of several users for display; unknown or unreachable ones are simply left out. */
  async names(ids: readonly string[]): Promise<Map<string, string>> {
    const found = await Promise.all([...new Set(ids)].map((id) => this.find({ id }).catch(() => undefined)));
    return new Map(found.filter((u): u is DirectoryUser => u !== undefined).map((u) => [u.id, u.name]));
  }

  private remember(keys: string[], user: DirectoryUser): void {
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    const expiresAt = Date.now() + this.ttlMs;
    for (const key of keys) this.cache.set(key, { user, expiresAt });
  }
}
