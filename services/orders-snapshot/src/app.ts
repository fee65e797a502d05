import { ordersSnapshot } from '@platform/contracts';
import { migrate, Service, startOutboxRelay } from '@platform/service-kit';
import type { OrdersSnapshotConfig } from './config.js';
import { createSnapshotCounters } from './metrics.js';
import { registerSnapshotOperations } from './operations/snapshot.js';
import { createSchemaPool } from './store/database.js';
import { OrderLog } from './store/order-log.js';
import { createS3Client, headBucket } from '@platform/object-storage';
import { SnapshotBucket } from './store/snapshot-bucket.js';
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
  service.onShutdown('s3', () => s3.destroy());
  service.addReadinessCheck('object-storage', () => headBucket(s3, config.R2_BUCKET_NAME));

  const counters = createSnapshotCounters(service);
  const bucket = new SnapshotBucket(s3, config.R2_BUCKET_NAME);
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
  registerSnapshotOperations(service, { orderLog: new OrderLog(pool), writer, bucket, counters, apiKey: config.ORDERS_API_KEY });

  await service.connect();
  await startOutboxRelay(service, { pool, schema });

  if (config.JWT_SECRET) await service.mountStandaloneRoutes(ordersSnapshot.ordersSnapshotOperations);
  return service;
}
