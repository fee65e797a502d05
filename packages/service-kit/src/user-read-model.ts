import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { auth, DomainError, eventStreamName, type EventEnvelope, type PayloadOf, type RequestContext } from '@platform/contracts';
import type { Pool } from 'pg';
import { z } from 'zod';
import { consumeEvent, durableNameOf, type RunningConsumer } from './events.js';
import type { Logger } from './logger.js';
import { type Migration, quoteIdent } from './migrate.js';

export interface DirectoryUser {
  id: string;
  /** Lower-case. */
  email: string;
  name: string;
  clubId: string | null;
}

export type DirectoryQuery = { id: string } | { email: string };

const cacheKeyOf = (query: DirectoryQuery) => ('id' in query ? `id:${query.id}` : `email:${query.email.trim().toLowerCase()}`);

/**
 * The read model's table, created in each reading service's schema by this
 * kit migration (one piece of code for wallet, social and ai). `updated_at` is
 * the gateway's `updatedAt`: an event older than the row is ignored. Email is
 * not unique here: two accounts may swap an address, and their events may
 * arrive in either order; a lookup takes the most recently updated row.
 */
export const userDirectoryMigration: Migration = {
  name: '0000_kit_directory_users',
  sql: `
CREATE TABLE directory_users (
  id         text PRIMARY KEY,
  email      text NOT NULL,
  name       text NOT NULL,
  club_id    text,
  updated_at timestamptz(3) NOT NULL
);
CREATE INDEX directory_users_email ON directory_users (email, updated_at DESC);
`,
};

/** The reading services' setting: how long a lookup that misses may wait for the read model to catch up. */
export const userDirectoryEnvSchema = z.object({
  USER_DIRECTORY_WAIT_MS: z.coerce.number().int().min(0).max(30_000).default(2_000),
  /** How long a found user is kept in memory (0: read the table every time). */
  USER_DIRECTORY_CACHE_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
});

/** The events the read model applies; both carry every fact, so one upsert serves both. */
const userEvents = [auth.userRegistered, auth.userUpdated] as const;
type UserFacts = PayloadOf<typeof auth.userRegistered>;

const POLL_MS = 20;
/** A bound, not an LRU: past it the cache starts over, which costs reads, never correctness. */
const MAX_CACHED = 10_000;
/** A consumer-info request may take this long: with NATS unreachable, a miss still answers soon after its wait. */
const CONSUMER_INFO_TIMEOUT_MS = 500;
/** Left of the caller's deadline for the answer itself after a wait. */
const DEADLINE_MARGIN_MS = 200;

export interface UserReadModelOptions {
  pool: Pool;
  schema: string;
  nc: NatsConnection;
  namespace: string;
  /** Durable name prefix, `<service>-users` from startUserReadModel: the service's instances share the work, apart from its other consumers. */
  durable: string;
  logger: Logger;
  /** How long a lookup that misses waits for the consumers to catch up (USER_DIRECTORY_WAIT_MS). */
  waitMs: number;
  /** How long a found user is served from memory (USER_DIRECTORY_CACHE_TTL_MS); 0 disables. */
  cacheTtlMs?: number;
}

/**
 * Users as the gateway last announced them (`evt.gateway.user.*`), kept in the
 * service's own `directory_users` table by durable JetStream consumers, so a
 * request never waits on the gateway (docs/decisions/0975).
 *
 * A lookup that misses may be early rather than wrong: the gateway publishes a
 * sign-up before its 201 leaves, but this service may not have applied it yet.
 * So a miss waits, at most `waitMs` (and within the caller's deadline), until
 * the row appears or both consumers have nothing pending or unacknowledged;
 * only then is the user unknown.
 */
export class UserReadModel {
  private readonly table: string;
  private readonly stream: string;
  private readonly durables: string[];
  private consumers: RunningConsumer[] = [];
  private jsm: Promise<JetStreamManager> | undefined;
  /** Concurrent misses share one look at the consumers. */
  private checking: Promise<boolean> | undefined;
  /**
   * Found users, by `id:` and `email:` key: a keyed send to a popular
   * recipient is then no read at all. An event this instance applies drops
   * the user's entries; one applied by another instance of the service is
   * seen here within the TTL (only a name or club can change: accounts are
   * never deleted). Misses are never cached, so a fresh sign-up is found at once.
   */
  private readonly cache = new Map<string, { user: DirectoryUser; expiresAt: number }>();

  constructor(private readonly options: UserReadModelOptions) {
    this.table = `${quoteIdent(options.schema)}.directory_users`;
    this.stream = eventStreamName(options.namespace);
    this.durables = userEvents.map((event) => durableNameOf(options.durable, event));
  }

  /** Starts the consumers; a brand-new durable replays the whole stream (30 days, plus the gateway's backfill). */
  async start(): Promise<void> {
    this.consumers = await Promise.all(
      userEvents.map((event) =>
        consumeEvent({
          nc: this.options.nc,
          namespace: this.options.namespace,
          durable: this.options.durable,
          event,
          logger: this.options.logger,
          handler: async (envelope) => {
            await this.applyEnvelope(envelope);
          },
        }),
      ),
    );
  }

  async stop(): Promise<void> {
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
    this.consumers = [];
  }

  /**
   * Applies one user event: 'applied', or 'ignored' when the row is already as
   * new (a redelivery, or an older event arriving late). A payload that does
   * not match its contract can never succeed: it is logged and skipped rather
   * than redelivered forever. Exposed for tests and replays.
   */
  async applyEnvelope(envelope: EventEnvelope): Promise<'applied' | 'ignored' | 'rejected'> {
    const event = userEvents.find((candidate) => candidate.subject === envelope.subject && candidate.version === envelope.v);
    const parsed = event?.payload.safeParse(envelope.data);
    if (!parsed?.success) {
      this.options.logger.error({ eventId: envelope.id, subject: envelope.subject, v: envelope.v }, 'user event does not match its contract; skipped');
      return 'rejected';
    }
    return (await this.apply(parsed.data)) ? 'applied' : 'ignored';
  }

  /**
   * The user, or undefined when nobody has that id or email (after the bounded
   * wait described above). Throws 503 SERVICE_UNAVAILABLE when the consumers
   * are still behind when the wait ends (NATS unreachable, a stalled consumer).
   */
  async find(query: DirectoryQuery, ctx?: Pick<RequestContext, 'deadline'>): Promise<DirectoryUser | undefined> {
    const waitUntil = Math.min(Date.now() + this.options.waitMs, (ctx?.deadline ?? Number.POSITIVE_INFINITY) - DEADLINE_MARGIN_MS);
    const cached = this.cache.get(cacheKeyOf(query));
    if (cached && cached.expiresAt > Date.now()) return cached.user;
    for (;;) {
      const found = await this.read(query);
      if (found) return this.remember(found);
      if (await this.caughtUp()) return this.read(query); // applied between the read and the check, or truly unknown
      if (Date.now() >= waitUntil) {
        // Not known to exist, and not known to be absent: "no such user" would be a guess. The caller retries.
        this.options.logger.warn({ waitMs: this.options.waitMs }, 'user directory still behind after the wait; answering 503');
        throw new DomainError('SERVICE_UNAVAILABLE', 'The user directory is catching up with new accounts; retry in 1 s', { retryAfter: 1 });
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** Display names of several users; unknown ones are left out (no wait: names decorate, they decide nothing). */
  async names(ids: Iterable<string>): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const { rows } = await this.options.pool.query<{ id: string; name: string }>(`SELECT id, name FROM ${this.table} WHERE id = ANY($1::text[])`, [unique]);
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  /** True when both consumers have nothing left to deliver or to acknowledge; false when NATS cannot say. */
  caughtUp(): Promise<boolean> {
    this.checking ??= this.checkConsumers().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  private async checkConsumers(): Promise<boolean> {
    try {
      this.jsm ??= jetstreamManager(this.options.nc, { timeout: CONSUMER_INFO_TIMEOUT_MS });
      const jsm = await this.jsm;
      const infos = await Promise.all(this.durables.map((durable) => jsm.consumers.info(this.stream, durable)));
      return infos.every((info) => info.num_pending === 0 && info.num_ack_pending === 0);
    } catch {
      // No consumer yet, or NATS unreachable: not known to be caught up.
      this.jsm = undefined;
      return false;
    }
  }

  private remember(user: DirectoryUser): DirectoryUser {
    const ttlMs = this.options.cacheTtlMs ?? 0;
    if (ttlMs <= 0) return user;
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    const entry = { user, expiresAt: Date.now() + ttlMs };
    this.cache.set(cacheKeyOf({ id: user.id }), entry);
    this.cache.set(cacheKeyOf({ email: user.email }), entry);
    return user;
  }

  private forget(userId: string): void {
    const entry = this.cache.get(cacheKeyOf({ id: userId }));
    this.cache.delete(cacheKeyOf({ id: userId }));
    if (entry) this.cache.delete(cacheKeyOf({ email: entry.user.email }));
  }

  private async apply(facts: UserFacts): Promise<boolean> {
    const { rowCount } = await this.options.pool.query(
      `INSERT INTO ${this.table} AS u (id, email, name, club_id, updated_at) VALUES ($1, lower($2), $3, $4, $5::timestamptz)
       ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, name = EXCLUDED.name, club_id = EXCLUDED.club_id, updated_at = EXCLUDED.updated_at
       WHERE u.updated_at < EXCLUDED.updated_at`,
      [facts.userId, facts.email, facts.name, facts.clubId, facts.updatedAt],
    );
    // After the write: a lookup racing it may have cached the row it replaced.
    this.forget(facts.userId);
    return (rowCount ?? 0) > 0;
  }

  private async read(query: DirectoryQuery): Promise<DirectoryUser | undefined> {
    const [where, value] = 'id' in query ? ['id = $1', query.id] : ['email = lower($1)', query.email.trim()];
    const { rows } = await this.options.pool.query<DirectoryUser>(
      `SELECT id, email, name, club_id AS "clubId" FROM ${this.table} WHERE ${where} ORDER BY updated_at DESC LIMIT 1`,
      [value],
    );
    return rows[0];
  }
}

/**
 * Starts the user read model of a Postgres service (its table comes from
 * userDirectoryMigration in the service's migrations) and stops its consumers
 * on shutdown, before the pool closes (hooks run in reverse order).
 */
export async function startUserReadModel(
  service: {
    name: string;
    nc: NatsConnection;
    config: { NATS_NAMESPACE: string };
    logger: Logger;
    onShutdown(name: string, run: () => Promise<void>): unknown;
  },
  options: { pool: Pool; schema: string; waitMs: number; cacheTtlMs?: number },
): Promise<UserReadModel> {
  const model = new UserReadModel({
    ...options,
    nc: service.nc,
    namespace: service.config.NATS_NAMESPACE,
    durable: `${service.name}-users`,
    logger: service.logger,
  });
  await model.start();
  service.onShutdown('user-directory', () => model.stop());
  return model;
}
