import { SERVICE_PORTS } from '@platform/contracts';
import { baseEnvSchema, postgresEnvSchema } from '@platform/service-kit';
import { z } from 'zod';

/** `VAR=` in a .env file means unset. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const flag = (defaultValue: 'true' | 'false') =>
  z
    .enum(['true', 'false'])
    .default(defaultValue)
    .transform((v) => v === 'true');

export const socialEnvSchema = baseEnvSchema.extend(postgresEnvSchema.shape).extend({
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(SERVICE_PORTS.social),
  /** Only for running social alone: its own server then serves its routes and checks access tokens itself. */
  JWT_SECRET: optional(z.string().min(32, 'must be at least 32 characters')),
  MIGRATE_ON_START: flag('true'),
  SEED_DEMO_DATA: flag('false'),
  /** How long a user's name and club, resolved through the gateway, are remembered. */
  SOCIAL_USER_CACHE_TTL_MS: z.coerce.number().int().min(0).default(60_000),
  /** Build activity cards from ticket purchases (evt.tickets.ticket.purchased). */
  SOCIAL_ACTIVITY_FROM_TICKETS: flag('true'),
  /** The outbox relay's safety-net poll; NOTIFY wakes it at once when it is idle (migration 0003). */
  SOCIAL_OUTBOX_POLL_MS: z.coerce.number().int().min(10).default(250),
});

export type SocialConfig = z.output<typeof socialEnvSchema>;
