import { MAX_AMOUNT_MINOR, parseMinorUnits, SERVICE_PORTS } from '@platform/contracts';
import { baseEnvSchema, envFlag, IDEMPOTENCY_MIN_RETENTION_MS, optionalEnv, postgresEnvSchema, userDirectoryEnvSchema } from '@platform/service-kit';
import { z } from 'zod';

/** A decimal amount in major units from the environment, as integer minor units. */
const amountVariable = (defaultValue: string) =>
  z
    .string()
    .default(defaultValue)
    .transform((text, ctx) => {
      const parsed = parseMinorUnits(text, MAX_AMOUNT_MINOR);
      if ('minor' in parsed) return parsed.minor;
      ctx.addIssue({ code: 'custom', message: `must be a decimal amount like 10000.00 (at most ${MAX_AMOUNT_MINOR / 100})` });
      return z.NEVER;
    });

export const walletEnvSchema = baseEnvSchema
  .extend(postgresEnvSchema.shape)
  .extend(userDirectoryEnvSchema.shape)
  .extend({
    HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(SERVICE_PORTS.wallet),
    /** Only for running the wallet alone: its own server then serves its routes and checks access tokens itself. */
    JWT_SECRET: optionalEnv(z.string().min(32, 'must be at least 32 characters')),
    MIGRATE_ON_START: envFlag('true'),
    /** Largest single send, deposit or charge, in major units. */
    WALLET_MAX_AMOUNT: amountVariable('10000.00'),
    /** How long idempotency keys are kept; at least 24 h. */
    WALLET_IDEMPOTENCY_RETENTION_HOURS: z.coerce
      .number()
      .min(IDEMPOTENCY_MIN_RETENTION_MS / 3_600_000, 'must be at least 24')
      .default(24),
    WALLET_IDEMPOTENCY_PURGE_INTERVAL_MS: z.coerce.number().int().min(1_000).default(3_600_000),
    /**
     * Where deposits come from. `development` settles at once without taking
     * money from anywhere, so it is refused in production; `disabled` answers 503.
     * Defaults to development outside production, disabled in production.
     */
    WALLET_FUNDING_PROVIDER: optionalEnv(z.enum(['development', 'disabled'])),
    /**
     * Transfer calls to PostgreSQL in flight at once. Transfers arriving while
     * all are busy wait and share the next call and its commit
     * (docs/decisions/0965); keep it below DATABASE_POOL_SIZE so reads and the
     * outbox relay still find a connection. Two measured better than four on
     * 2 cores: concurrent batches lock many of the same accounts and mostly
     * wait for each other, where fewer, larger batches share more commits.
     */
    WALLET_TRANSFER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(2),
    /** The most transfers one call posts. */
    WALLET_TRANSFER_BATCH_MAX: z.coerce.number().int().min(1).max(500).default(50),
    SEED_DEMO_DATA: envFlag('false'),
    /** What seed.ts credits to each demo user, once. */
    WALLET_DEMO_BALANCE: amountVariable('500.00'),
  });

export type WalletConfig = z.output<typeof walletEnvSchema>;

export function fundingProviderName(config: WalletConfig): 'development' | 'disabled' {
  const chosen = config.WALLET_FUNDING_PROVIDER ?? (config.NODE_ENV === 'production' ? 'disabled' : 'development');
  if (chosen === 'development' && config.NODE_ENV === 'production') {
    throw new Error('WALLET_FUNDING_PROVIDER=development credits money from nowhere and is refused in production');
  }
  return chosen;
}
