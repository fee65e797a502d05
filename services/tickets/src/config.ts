import { purchaseEnvSchema } from '@platform/checkout';
import { SERVICE_PORTS } from '@platform/contracts';
import { baseEnvSchema, envFlag, optionalEnv, postgresEnvSchema, redisEnvSchema } from '@platform/service-kit';
import { z } from 'zod';

export const ticketsEnvSchema = baseEnvSchema
  .extend(postgresEnvSchema.shape)
  .extend(redisEnvSchema.shape)
  // PURCHASE_RECOVERY_ENABLED / _INTERVAL_MS / _GRACE_MS, PURCHASE_MAX_CHARGE_AGE_MS: the saga's recovery job.
  .extend(purchaseEnvSchema.shape)
  .extend({
    HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(SERVICE_PORTS.tickets),
    /** Only for running the service alone: its own server then serves its routes and checks access tokens itself. */
    JWT_SECRET: optionalEnv(z.string().min(32, 'must be at least 32 characters')),
    MIGRATE_ON_START: envFlag('true'),
    SEED_DEMO_DATA: envFlag('false'),
    /**
     * The Ed25519 private key that signs ticket tokens: base64 of its PKCS#8 DER
     * (or the PEM text). Required in production; elsewhere an ephemeral key is
     * generated when unset (tokens then die with the process).
     */
    TICKET_SIGNING_KEY: optionalEnv(z.string().min(1)),
    /** Retired public keys (base64 SPKI DER or PEM, comma-separated) that still verify tokens they signed. */
    TICKET_VERIFY_KEYS: optionalEnv(z.string()),
    /** How often cancelled tickets whose refund has not gone through yet are retried. */
    TICKETS_REFUND_RETRY_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.TICKET_SIGNING_KEY) {
      ctx.addIssue({ code: 'custom', path: ['TICKET_SIGNING_KEY'], message: 'is required in production (see docs/services/tickets.md)' });
    }
  });

export type TicketsConfig = z.output<typeof ticketsEnvSchema>;
