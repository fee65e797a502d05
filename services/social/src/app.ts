import { social } from '@platform/contracts';
import { createPool, migrate, Service, startOutboxRelay, startUserReadModel } from '@platform/service-kit';
import type { SocialConfig } from './config.js';
import { consumeTicketPurchases } from './events/ticket-activity.js';
import type { SocialDeps } from './operations/deps.js';
import { feedHandlers } from './operations/feed.js';
import { followHandlers } from './operations/follows.js';
import { messagingHandlers } from './operations/messaging.js';
import { settingsHandlers } from './operations/settings.js';
import { socialMigrations, socialSchema } from './schema.js';
import { ConversationReads } from './store/conversation-reads.js';
import { FeedStore } from './store/feed.js';
import { MessagingStore } from './store/messaging.js';
import { createPrisma } from './store/prisma.js';
import { SocialGraph } from './store/social-graph.js';

/**
 * Social: conversations, messages, feed and follows on its own PostgreSQL
 * schema. Users reach it through the gateway (HTTP routes from the contracts,
 * forwarded over NATS); the gateway's realtime hub pushes the events it
 * writes to its outbox and asks it for missed messages (social.messagesSince).
 */
export async function buildSocialService(config: SocialConfig): Promise<Service> {
  const service = new Service({ name: 'social', config, jwtSecret: config.JWT_SECRET });
  const schema = socialSchema(config);

  // One pool for the SQL stores, Prisma and the outbox relay.
  const pool = createPool(service, { connectionString: config.DATABASE_URL, max: config.DATABASE_POOL_SIZE });
  if (config.MIGRATE_ON_START) await migrate(pool, schema, socialMigrations());
  const db = createPrisma({ pool, schema });
  service.onShutdown('prisma', () => db.$disconnect());

  await service.connect();
  const deps: SocialDeps = {
    messaging: new MessagingStore(pool, schema),
    reads: new ConversationReads(pool, schema),
    feed: new FeedStore(pool, schema),
    graph: new SocialGraph(db),
    // Names and clubs come from the local read model of the gateway's user events, never from a call to the gateway.
    directory: await startUserReadModel(service, { pool, schema, waitMs: config.USER_DIRECTORY_WAIT_MS, cacheTtlMs: config.USER_DIRECTORY_CACHE_TTL_MS }),
  };
  service.serve({
    ...messagingHandlers(deps),
    ...feedHandlers(deps),
    ...followHandlers(deps),
    ...settingsHandlers(deps),
  });
  if (config.JWT_SECRET) await service.mountStandaloneRoutes(social.socialOperations);

  const relay = await startOutboxRelay(service, { pool, schema, pollIntervalMs: config.SOCIAL_OUTBOX_POLL_MS });

  if (config.SOCIAL_ACTIVITY_FROM_TICKETS) {
    const consumer = await consumeTicketPurchases(service, { namespace: config.NATS_NAMESPACE, feed: deps.feed, graph: deps.graph });
    service.onShutdown('ticket-activity', () => consumer.stop());
  }

  service.setStatsProvider(async () => {
    const { rows } = await pool.query(
      `SELECT (SELECT count(*) FROM "${schema}".conversations)::int AS conversations, (SELECT count(*) FROM "${schema}".messages)::int AS messages,
              (SELECT count(*) FROM "${schema}".feed_items)::int AS "feedItems"`,
    );
    return { ...rows[0], pendingEvents: await relay.pendingCount() };
  });
  service.logger.info({ schema }, 'social ready');
  return service;
}
