import { ordersSnapshot } from '@platform/contracts';
import { migrate, Service, startOutboxRelay } from '@platform/service-kit';
import type { OrdersSnapshotConfig } from './config.js';
import { createSnapshotCounters } from './metrics.js';
import { snapshotHandlers } from './operations/snapshot.js';
import { createSchemaPool } from './store/database.js';
import { OrderLog } from './store/order-log.js';
import { createS3Client, headBucket, privateBucketName } from '@platform/object-storage';
import { LegacyAdoption } from './store/legacy-adoption.js';
import { BucketObjects, SnapshotBucket } from './store/snapshot-bucket.js';
import { SnapshotWriter } from './jobs/snapshot-writer.js';
import { ordersSnapshotMigrations, ordersSnapshotSchema } from './schema.js';

/**
 * Orders snapshot (seed 000): orders go to an append log in Postgres; a
 * per-event group-commit writer materializes them into
 * orders/<event_id>/pending_orders.json (docs/decisions/0201).
 */
export async function buildOrdersSnapshotService(config: OrdersSnapshotConfig): Promise<Service> {
  const service = new Service({ name: 'orders-snapshot', config, jwtSecret: config.JWT_SECRET });
  const schema = ordersSnapshotSchema(config);
  const pool = createSchemaPool(service, { url: config.DATABASE_URL, schema, max: config.DATABASE_POOL_SIZE });
  if (config.MIGRATE_ON_START) await migrate(pool, schema, ordersSnapshotMigrations());

  const s3 = createS3Client(config);
  const presigner = config.R2_PRESIGN_ENDPOINT_URL ? createS3Client(config, config.R2_PRESIGN_ENDPOINT_URL) : s3;
  service.onShutdown('s3', () => {
    s3.destroy();
    presigner.destroy();
  });
  // Snapshots live in the private bucket; the public one is only looked at for a seed-era snapshot to adopt.
  const privateBucket = privateBucketName(config);
  service.addReadinessCheck('object-storage', () => headBucket(s3, privateBucket));

  const counters = createSnapshotCounters(service);
  const bucket = new SnapshotBucket(s3, privateBucket, presigner);
  const adoption = new LegacyAdoption({
    pool,
    privateObjects: new BucketObjects(s3, privateBucket),
    publicObjects: new BucketObjects(s3, config.R2_BUCKET_NAME),
    logger: service.logger,
  });
  const writer = new SnapshotWriter({
    pool,
    bucket,
    logger: service.logger,
    counters,
    options: {
      minWriteIntervalMs: config.SNAPSHOT_MIN_WRITE_INTERVAL_MS,
      batchWindowMs: config.SNAPSHOT_BATCH_WINDOW_MS,
      conditionalWrites: config.SNAPSHOT_CONDITIONAL_WRITES,
    },
  });
  service.onShutdown('snapshot-writer', () => writer.stop());
  service.serve({
    ...snapshotHandlers({
      orderLog: new OrderLog(pool),
      writer,
      bucket,
      counters,
      adoption,
      apiKey: config.ORDERS_API_KEY,
      readApiKey: config.ORDERS_READ_API_KEY,
      inlineMaxBytes: config.SNAPSHOT_INLINE_MAX_BYTES,
      downloadUrlTtlSeconds: config.SNAPSHOT_DOWNLOAD_URL_TTL_SECONDS,
    }),
  });

  await service.connect();
  await startOutboxRelay(service, { pool, schema });

  if (config.JWT_SECRET) await service.mountStandaloneRoutes(ordersSnapshot.ordersSnapshotOperations);
  return service;
}
