import { syncWorker } from '@platform/contracts';
import { createPool, migrate, Service } from '@platform/service-kit';
import type { Job } from 'bullmq';
import type { SyncWorkerConfig } from './config.js';
import { HEALTH_JOB, type SyncJobData, SyncJobs } from './jobs/sync-jobs.js';
import { createSyncMetrics } from './metrics.js';
import { adminHandlers } from './operations/admin.js';
import { MirrorWriter } from './store/mirror-writer.js';
import { createPrisma } from './store/prisma.js';
import { SyncRunStore } from './store/sync-runs.js';
import { runSyncJob } from './jobs/run-job.js';
import { checkTemplateHealth } from './clients/template-health.js';
import { TemplateClient } from './clients/template-api.js';
import { syncWorkerMigrations, syncWorkerSchema } from './schema.js';

/**
 * The Dashboard side of seed 002: mirrors the Template's export API into
 * its own schema, nightly (BullMQ job scheduler) and on demand (admin
 * routes), and keeps the history of every run.
 */
export async function buildSyncWorkerService(config: SyncWorkerConfig): Promise<Service & { jobs: SyncJobs }> {
  const service = new Service({ name: 'sync-worker', config, jwtSecret: config.JWT_SECRET });
  const schema = syncWorkerSchema(config);
  const pool = createPool(service, { connectionString: config.DATABASE_URL, max: config.DATABASE_POOL_SIZE });
  if (config.MIGRATE_ON_START) await migrate(pool, schema, syncWorkerMigrations());
  const db = createPrisma({ url: config.DATABASE_URL, schema, poolSize: 2 });
  service.onShutdown('prisma', () => db.$disconnect());

  const metrics = createSyncMetrics(service.metrics);
  if (!config.TEMPLATE_API_KEY) service.logger.warn('TEMPLATE_API_KEY is not set: the Template will refuse every request');
  const client = new TemplateClient({
    baseUrl: config.TEMPLATE_BASE_URL,
    apiKey: config.TEMPLATE_API_KEY,
    timeoutMs: config.TEMPLATE_TIMEOUT_MS,
    retries: config.TEMPLATE_RETRIES,
    retryBaseMs: config.TEMPLATE_RETRY_BASE_MS,
    retryMaxMs: config.TEMPLATE_RETRY_MAX_MS,
    logger: service.logger,
    metrics,
  });
  const runs = new SyncRunStore(db, pool, schema);
  const syncDeps = {
    client,
    writer: new MirrorWriter(pool, schema),
    pageSize: config.SYNC_PAGE_SIZE,
    overlapMs: config.SYNC_OVERLAP_MS,
    logger: service.logger,
    metrics,
  };

  const processor = async (job: Job) => {
    if (job.name === HEALTH_JOB) {
      const health = await checkTemplateHealth(client, metrics, config.TEMPLATE_HEALTH_TIMEOUT_MS);
      if (!health.healthy) service.logger.warn({ error: health.error, baseUrl: client.baseUrl }, 'template health check failed');
      return health;
    }
    return runSyncJob(job as Job<SyncJobData>, { sync: syncDeps, runs, metrics, logger: service.logger });
  };
  const jobs = new SyncJobs({
    redisUrl: config.REDIS_URL,
    redisPrefix: config.REDIS_PREFIX,
    logger: service.logger,
    processor: config.SYNC_WORKER_ENABLED ? processor : undefined,
    schedules: config.SYNC_SCHEDULES_ENABLED
      ? {
          timeZone: config.SYNC_TZ,
          syncCron: config.SYNC_CRON,
          healthCron: config.HEALTH_CRON,
          attempts: config.SYNC_JOB_ATTEMPTS,
          backoffMs: config.SYNC_JOB_BACKOFF_MS,
        }
      : undefined,
  });
  service.onShutdown('jobs', () => jobs.close());
  service.addReadinessCheck('redis', () => jobs.ping());
  // A run left 'running' by an instance that died would stay so forever; close it before taking new work.
  const interrupted = await runs.markInterrupted((jobId) => jobs.isActive(jobId));
  if (interrupted) service.logger.warn({ interrupted }, 'marked interrupted sync runs as failed');
  await jobs.start();

  service.serve({
    ...adminHandlers({
      jobs,
      runs,
      client,
      metrics,
      healthTimeoutMs: config.TEMPLATE_HEALTH_TIMEOUT_MS,
      answerWithinMs: config.SYNC_ANSWER_WITHIN_MS,
    }),
  });
  if (config.JWT_SECRET) await service.mountStandaloneRoutes(syncWorker.syncWorkerOperations);
  service.setStatsProvider(async () => {
    const counts = await db.syncRun.groupBy({ by: ['status'], _count: { _all: true } });
    return Object.fromEntries(counts.map((c) => [`runs_${c.status}`, c._count._all]));
  });
  await service.connect();
  return Object.assign(service, { jobs });
}
