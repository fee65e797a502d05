import { ai } from '@platform/contracts';
import { createPool, migrate, Service, startUserReadModel } from '@platform/service-kit';
import { PlatformLookups } from './clients/platform-lookups.js';
import type { AiConfig } from './config.js';
import { ConsumerCounters, startConsumers } from './events/consumers.js';
import { projections } from './events/projections.js';
import type { AiDeps } from './operations/deps.js';
import { insightHandlers } from './operations/insights.js';
import { predictionHandlers } from './operations/predictions.js';
import { recommendationHandlers } from './operations/recommendations.js';
import { aiMigrations, aiSchema } from './schema.js';
import { createPrisma } from './store/prisma.js';
import { ReadModelWriter } from './store/read-model.js';
import { RecommendationReads } from './store/recommendation-reads.js';
import { SpendingReads } from './store/spending-reads.js';

/**
 * The AI service: a read model on its own PostgreSQL schema, fed by durable
 * JetStream consumers of the wallet, shop, tickets and esim events, and three
 * read operations over it (recommendations, insights, predictions).
 */
export async function buildAiService(config: AiConfig, options: { now?: () => Date } = {}): Promise<Service> {
  const service = new Service({ name: 'ai', config, jwtSecret: config.JWT_SECRET });
  const schema = aiSchema(config);

  // One pool for projections, SQL aggregates and Prisma reads.
  const pool = createPool(service, { connectionString: config.DATABASE_URL, max: config.DATABASE_POOL_SIZE });
  if (config.MIGRATE_ON_START) await migrate(pool, schema, aiMigrations());
  const db = createPrisma({ pool, schema });
  service.onShutdown('prisma', () => db.$disconnect());

  await service.connect();
  // The fan's club comes from the local read model of the gateway's user events, never from a call to the gateway.
  const users = await startUserReadModel(service, { pool, schema, waitMs: config.USER_DIRECTORY_WAIT_MS, cacheTtlMs: config.USER_DIRECTORY_CACHE_TTL_MS });
  const deps: AiDeps = {
    spending: new SpendingReads(db),
    recommendations: new RecommendationReads(pool, schema),
    lookups: new PlatformLookups(service.nc, config.NATS_NAMESPACE, config.AI_LOOKUP_TIMEOUT_MS, service.logger, users),
    topMerchants: config.AI_TOP_MERCHANTS,
    now: options.now ?? (() => new Date()),
  };
  service.serve({
    ...recommendationHandlers(deps),
    ...insightHandlers(deps),
    ...predictionHandlers(deps),
  });
  if (config.JWT_SECRET) await service.mountStandaloneRoutes(ai.aiOperations);

  const writer = new ReadModelWriter(pool, schema);
  const counters = new ConsumerCounters();
  const consumers = await startConsumers({
    nc: service.nc,
    namespace: config.NATS_NAMESPACE,
    logger: service.logger,
    projections: projections(writer),
    counters,
  });
  // Registered after the pool: shutdown hooks run in reverse, so consumers finish their message before the pool closes.
  service.onShutdown('consumers', async () => {
    await Promise.all(consumers.map((consumer) => consumer.stop()));
  });

  service.setStatsProvider(async () => ({
    ...(await writer.counts()),
    eventsAppliedSinceStart: counters.applied,
    duplicatesSkippedSinceStart: counters.duplicatesSkipped,
    eventsRejectedSinceStart: counters.rejected,
  }));
  service.logger.info({ schema, consumers: consumers.length }, 'ai ready');
  return service;
}
