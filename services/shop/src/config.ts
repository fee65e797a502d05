import { purchaseEnvSchema } from '@platform/checkout';
import { SERVICE_PORTS } from '@platform/contracts';
import { baseEnvSchema, envFlag, optionalEnv, postgresEnvSchema, redisEnvSchema } from '@platform/service-kit';
import { z } from 'zod';

export const shopEnvSchema = baseEnvSchema
  .extend(postgresEnvSchema.shape)
  .extend(redisEnvSchema.shape)
  .extend(purchaseEnvSchema.shape)
  .extend({
    HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(SERVICE_PORTS.shop),
    /** Only for running the shop alone: its own server then serves its routes and checks access tokens itself. */
    JWT_SECRET: optionalEnv(z.string().min(32, 'must be at least 32 characters')),
    MIGRATE_ON_START: envFlag('true'),
    /** seed.ts: the demo clubs and products, once. */
    SEED_DEMO_DATA: envFlag('false'),
  });

export type ShopConfig = z.output<typeof shopEnvSchema>;
