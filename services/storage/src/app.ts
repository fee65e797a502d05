import { storage } from '@platform/contracts';
import { createPool, migrate, Service, startOutboxRelay } from '@platform/service-kit';
import type { StorageConfig } from './config.js';
import { startCleanupJob } from './jobs/cleanup.js';
import { assetHandlers } from './operations/assets.js';
import type { StorageDeps } from './operations/deps.js';
import { multipartHandlers } from './operations/multipart.js';
import { objectHandlers } from './operations/objects.js';
import { uploadHandlers } from './operations/uploads.js';
import { ObjectStorage } from './store/object-storage.js';
import { ObjectStore } from './store/objects.js';
import { createPrisma } from './store/prisma.js';
import { storageMigrations, storageSchema } from './schema.js';
import { createS3Client, headBucket, privateBucketName } from '@platform/object-storage';

/**
 * Storage (seed 001): presigned uploads and downloads against the R2 bucket,
 * the ownership of every object in Postgres, and a daily clean-up of uploads
 * that were never confirmed.
 */
export async function buildStorageService(config: StorageConfig): Promise<Service> {
  const service = new Service({ name: 'storage', config, jwtSecret: config.JWT_SECRET });
  const schema = storageSchema(config);
  const pool = createPool(service, { connectionString: config.DATABASE_URL, max: 2 });
  if (config.MIGRATE_ON_START) await migrate(pool, schema, storageMigrations());
  const db = createPrisma({ url: config.DATABASE_URL, schema, poolSize: config.DATABASE_POOL_SIZE });
  service.onShutdown('prisma', () => db.$disconnect());

  const s3 = createS3Client(config);
  const presigner = config.R2_PRESIGN_ENDPOINT_URL ? createS3Client(config, config.R2_PRESIGN_ENDPOINT_URL) : s3;
  service.onShutdown('s3', () => {
    s3.destroy();
    presigner.destroy();
  });
  const buckets = { public: config.R2_BUCKET_NAME, private: privateBucketName(config) };
  service.addReadinessCheck('object-storage', async () => {
    await headBucket(s3, buckets.public);
    await headBucket(s3, buckets.private);
  });

  const deps: StorageDeps = {
    objects: new ObjectStore(db),
    storage: new ObjectStorage(s3, presigner, buckets, config.R2_PUBLIC_URL),
    config,
  };
  service.serve({
    ...uploadHandlers(deps),
    ...assetHandlers(deps),
    ...multipartHandlers(deps),
    ...objectHandlers(deps),
  });

  if (config.STORAGE_CLEANUP_ENABLED) {
    const cleanup = await startCleanupJob({
      redisUrl: config.REDIS_URL,
      redisPrefix: config.REDIS_PREFIX,
      cron: config.STORAGE_CLEANUP_CRON,
      timeZone: config.STORAGE_CLEANUP_TZ,
      maxAgeMs: config.STORAGE_PENDING_MAX_AGE_HOURS * 3_600_000,
      deps,
      logger: service.logger,
    });
    service.addReadinessCheck('redis', () => cleanup.ping());
    service.onShutdown('cleanup-job', () => cleanup.close());
  }

  await service.connect();
  await startOutboxRelay(service, { pool, schema });

  if (config.JWT_SECRET) await service.mountStandaloneRoutes(storage.storageOperations);
  return service;
}
