import { SERVICE_PORTS } from '@platform/contracts';
import { baseEnvSchema, envFlag, optionalEnv, postgresEnvSchema, userDirectoryEnvSchema } from '@platform/service-kit';
import { z } from 'zod';

export const socialEnvSchema = baseEnvSchema
  .extend(postgresEnvSchema.shape)
  .extend(userDirectoryEnvSchema.shape)
  .extend({
    HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(SERVICE_PORTS.social),
    /** Only for running social alone: its own server then serves its routes and checks access tokens itself. */
    JWT_SECRET: optionalEnv(z.string().min(32, 'must be at least 32 characters')),
    MIGRATE_ON_START: envFlag('true'),
    SEED_DEMO_DATA: envFlag('false'),
    /** Build activity cards from ticket purchases (evt.tickets.ticket.purchased). */
    SOCIAL_ACTIVITY_FROM_TICKETS: envFlag('true'),
    /** The outbox relay's safety-net poll; NOTIFY wakes it at once when it is idle (migration 0003). */
    SOCIAL_OUTBOX_POLL_MS: z.coerce.number().int().min(10).default(250),
  });

export type SocialConfig = z.output<typeof socialEnvSchema>;
