import { SERVICE_PORTS } from '@platform/contracts';
import { baseEnvSchema, envFlag, optionalEnv, postgresEnvSchema, redisEnvSchema } from '@platform/service-kit';
import { z } from 'zod';
import { r2EnvShape, requireR2Endpoint } from '@platform/object-storage';

const MiB = 1024 * 1024;

/**
 * Allowed upload types. No text/html, no image/svg+xml: objects are served from
 * the bucket's public domain, where active content would run.
 */
export const DEFAULT_CONTENT_TYPES = [
  'model/gltf-binary',
  'model/gltf+json',
  'model/vnd.usdz+zip',
  'video/mp4',
  'video/webm',
  'video/quicktime',
  'image/jpeg',
  'image/png',
  'image/webp',
  'application/octet-stream',
];

const commaList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim().toLowerCase())
      .filter(Boolean),
  )
  .pipe(z.array(z.string()).min(1, 'must list at least one content type'));

export const storageEnvSchema = baseEnvSchema
  .extend(postgresEnvSchema.shape)
  .extend(redisEnvSchema.shape)
  .extend(r2EnvShape)
  .extend({
    HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(SERVICE_PORTS.storage),
    /** Only for standalone routes on the service's own port; the gateway checks tokens in production. */
    JWT_SECRET: optionalEnv(z.string().min(32, 'must be at least 32 characters')),
    MIGRATE_ON_START: envFlag('true'),
    /** Lifetime of presigned upload URLs (the seed's expires_in: 3600). */
    STORAGE_UPLOAD_URL_TTL_SECONDS: z.coerce.number().int().min(60).max(604_800).default(3_600),
    STORAGE_DOWNLOAD_URL_TTL_SECONDS: z.coerce.number().int().min(60).max(604_800).default(900),
    /** Largest single-PUT upload; larger files use multipart. */
    STORAGE_MAX_UPLOAD_BYTES: z.coerce
      .number()
      .int()
      .min(1)
      .default(100 * MiB),
    STORAGE_MAX_MULTIPART_BYTES: z.coerce
      .number()
      .int()
      .min(1)
      .default(5 * 1024 * MiB),
    /** Default part size of multipart uploads (R2 wants equal parts except the last). */
    STORAGE_MULTIPART_PART_SIZE: z.coerce
      .number()
      .int()
      .min(5 * MiB, 'must be at least 5 MiB')
      .default(8 * MiB),
    STORAGE_ALLOWED_CONTENT_TYPES: commaList.default(DEFAULT_CONTENT_TYPES),
    /** Largest object downloaded through the service (the reply travels over NATS as base64). */
    STORAGE_INLINE_DOWNLOAD_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(700 * 1024)
      .default(512 * 1024),
    /** Unconfirmed uploads older than this are removed by the daily clean-up. */
    STORAGE_PENDING_MAX_AGE_HOURS: z.coerce.number().positive().default(24),
    STORAGE_CLEANUP_ENABLED: envFlag('true'),
    STORAGE_CLEANUP_CRON: z.string().min(1).default('0 3 * * *'),
    STORAGE_CLEANUP_TZ: z.string().min(1).default('UTC'),
  })
  .superRefine(requireR2Endpoint);

export type StorageConfig = z.output<typeof storageEnvSchema>;
