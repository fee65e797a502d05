import { SERVICE_PORTS } from '@platform/contracts';
import { baseEnvSchema, envFlag, postgresEnvSchema } from '@platform/service-kit';
import { z } from 'zod';

/** Comma-separated keys: the current one plus any being rotated out. Each is long enough to resist guessing. */
const apiKeys = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((key) => key.trim())
      .filter(Boolean),
  )
  .refine(
    (keys) => keys.every((key) => key.length >= 16),
    'every key must be at least 16 characters (generate one with: pnpm --filter @platform/template-export run generate-key)',
  );

export const templateExportEnvSchema = baseEnvSchema
  .extend(postgresEnvSchema.shape)
  .extend({
    HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(SERVICE_PORTS['template-export']),
    /** X-API-Key values accepted by the export API. Several at once during a rotation. */
    TEMPLATE_MASTER_API_KEY: apiKeys,
    /** A page holds fewer rows than `limit` rather than grow past this: behind the gateway a reply must fit NATS' 1 MiB payload. */
    EXPORT_PAGE_MAX_BYTES: z.coerce.number().int().min(1024).default(800_000),
    /** `full` answers 413 above this many rows or bytes, for the same reason. */
    FULL_EXPORT_MAX_RECORDS: z.coerce.number().int().min(1).default(10_000),
    FULL_EXPORT_MAX_BYTES: z.coerce.number().int().min(1024).default(900_000),
    MIGRATE_ON_START: envFlag('true'),
    /** Seed the demo gallery at boot (idempotent); `pnpm seed` does the same on its own. */
    SEED_DEMO_DATA: envFlag('false'),
  })
  .superRefine((config, ctx) => {
    if (config.NODE_ENV === 'production' && config.TEMPLATE_MASTER_API_KEY.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['TEMPLATE_MASTER_API_KEY'], message: 'is required in production' });
    }
  });

export type TemplateExportConfig = z.output<typeof templateExportEnvSchema>;
