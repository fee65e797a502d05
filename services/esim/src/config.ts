import { purchaseEnvSchema } from '@platform/checkout';
import { SERVICE_PORTS } from '@platform/contracts';
import { baseEnvSchema, envFlag, optionalEnv, postgresEnvSchema, redisEnvSchema } from '@platform/service-kit';
import { z } from 'zod';
import type { EsimProviderName } from './clients/esim-provider.js';

export const esimEnvSchema = baseEnvSchema
  .extend(postgresEnvSchema.shape)
  .extend(redisEnvSchema.shape)
  .extend(purchaseEnvSchema.shape)
  .extend({
    HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(SERVICE_PORTS.esim),
    /** Only for running the service alone: its own server then serves its routes and checks access tokens itself. */
    JWT_SECRET: optionalEnv(z.string().min(32, 'must be at least 32 characters')),
    MIGRATE_ON_START: envFlag('true'),
    SEED_DEMO_DATA: envFlag('false'),
    /**
     * Who issues eSIM profiles. `development` makes well-formed profiles no
     * phone can download, so it is refused in production; `disabled` answers
     * 503 before charging. Defaults to development outside production, disabled in production.
     */
    ESIM_PROVIDER: optionalEnv(z.enum(['development', 'disabled'])),
    /** SM-DP+ host written into development activation codes. */
    ESIM_SMDP_HOST: z
      .string()
      .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/, 'must be a host name like smdp.example.com')
      .default('smdp.dev.paiecashfan.local'),
  });

export type EsimConfig = z.output<typeof esimEnvSchema>;

export function esimProviderName(config: EsimConfig): EsimProviderName {
  const chosen = config.ESIM_PROVIDER ?? (config.NODE_ENV === 'production' ? 'disabled' : 'development');
  if (chosen === 'development' && config.NODE_ENV === 'production') {
    throw new Error('ESIM_PROVIDER=development issues profiles no phone can download and is refused in production');
  }
  return chosen;
}
