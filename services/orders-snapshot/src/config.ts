import { SERVICE_PORTS } from '@platform/contracts';
import { baseEnvSchema, envFlag, optionalEnv, postgresEnvSchema } from '@platform/service-kit';
import { z } from 'zod';
import { r2EnvShape, requireR2Endpoint } from '@platform/object-storage';

export const ordersSnapshotEnvSchema = baseEnvSchema
  .extend(postgresEnvSchema.shape)
  .extend(r2EnvShape)
  .extend({
    HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(SERVICE_PORTS['orders-snapshot']),
    /** Only for standalone routes on the service's own port; the gateway checks tokens in production. */
    JWT_SECRET: optionalEnv(z.string().min(32, 'must be at least 32 characters')),
    MIGRATE_ON_START: envFlag('true'),
    /** When set, POST needs X-API-Key equal to it (unset: the seed's open POST), and GET accepts it. */
    ORDERS_API_KEY: optionalEnv(z.string().min(16, 'must be at least 16 characters (openssl rand -hex 24)')),
    /** A key that only reads snapshots (GET), so the POST can stay open for the seed's front end. */
    ORDERS_READ_API_KEY: optionalEnv(z.string().min(16, 'must be at least 16 characters (openssl rand -hex 24)')),
    /** Snapshots up to this size are answered inline; larger ones with a 307 to a presigned URL (a NATS reply carries ~1 MB). */
    SNAPSHOT_INLINE_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(700 * 1024)
      .default(256 * 1024),
    /** Lifetime of the presigned URL a large snapshot's GET redirects to. */
    SNAPSHOT_DOWNLOAD_URL_TTL_SECONDS: z.coerce.number().int().min(10).max(3_600).default(60),
    /** R2 accepts about one write per second per key: the writer never writes one event's object more often. */
    SNAPSHOT_MIN_WRITE_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
    /** How long the writer waits after the first pending request, so concurrent posts share one write. */
    SNAPSHOT_BATCH_WINDOW_MS: z.coerce.number().int().min(0).max(5_000).default(25),
    /** Guard each write with If-Match / If-None-Match (R2, S3, MinIO and the local server support it). */
    SNAPSHOT_CONDITIONAL_WRITES: envFlag('true'),
  })
  .superRefine(requireR2Endpoint);

export type OrdersSnapshotConfig = z.output<typeof ordersSnapshotEnvSchema>;
