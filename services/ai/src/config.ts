import { SERVICE_PORTS } from '@platform/contracts';
import { baseEnvSchema, envFlag, optionalEnv, postgresEnvSchema, userDirectoryEnvSchema } from '@platform/service-kit';
import { z } from 'zod';

export const aiEnvSchema = baseEnvSchema
  .extend(postgresEnvSchema.shape)
  .extend(userDirectoryEnvSchema.shape)
  .extend({
    HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(SERVICE_PORTS.ai),
    /** Only for running the service alone: its own server then serves its routes and checks access tokens itself. */
    JWT_SECRET: optionalEnv(z.string().min(32, 'must be at least 32 characters')),
    MIGRATE_ON_START: envFlag('true'),
    /** Accepted for symmetry with the other services: the AI has no demo data of its own, it learns from events. */
    SEED_DEMO_DATA: envFlag('false'),
    /** How long a request waits for the wallet (the balance) before answering without it. */
    AI_LOOKUP_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(2_000),
    /** How many merchants the insights list. */
    AI_TOP_MERCHANTS: z.coerce.number().int().min(1).max(50).default(5),
  });

export type AiConfig = z.output<typeof aiEnvSchema>;
