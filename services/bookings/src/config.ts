import { SERVICE_PORTS } from '@platform/contracts';
import { baseEnvSchema, envFlag, postgresEnvSchema, schemaNameFor } from '@platform/service-kit';
import { z } from 'zod';

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const bookingsEnvSchema = baseEnvSchema
  .extend(postgresEnvSchema.shape)
  .extend({
    HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(SERVICE_PORTS.bookings),
    /** Only for the standalone routes on HTTP_PORT; behind the gateway, the gateway checks tokens. */
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters (generate one with: openssl rand -base64 48)').optional(),
    /** Not needed when MONGODB_URI is set: bookings then live in MongoDB. */
    DATABASE_URL: z.string().url('must be a postgres:// URL').optional(),
    MIGRATE_ON_START: envFlag('true'),
    /** Set: bookings live in MongoDB (production, docker-compose). Unset: PostgreSQL (local runs, CI). */
    MONGODB_URI: z.string().min(1, 'must not be empty').optional(),
    /** Database name; the seed's DATABASE_NAME is accepted as a fallback. */
    MONGODB_DB: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,63}$/, 'must be a MongoDB database name')
      .optional(),
    DATABASE_NAME: z.string().optional(),
    /** The service's time zone: "today" (no booking in the past, at most N days ahead) is computed in it. */
    BOOKING_TIMEZONE: z.string().default('Africa/Brazzaville').refine(isTimeZone, 'must be an IANA time zone, e.g. Africa/Brazzaville'),
    /** How far ahead a booking may be made (the seed's FAQ: 30 days). */
    BOOKING_MAX_DAYS_AHEAD: z.coerce.number().int().min(0).max(3650).default(30),
    /** smtp(s)://user:pass@host:port; unset: confirmations are logged instead of mailed. Never logged. */
    SMTP_URL: z.string().url('must be an smtp:// or smtps:// URL').optional(),
    MAIL_FROM: z.string().default('noreply@wortis.cg'),
    SEED_DEMO_DATA: envFlag('false'),
  })
  .superRefine((env, ctx) => {
    if (!env.MONGODB_URI && !env.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'is required when MONGODB_URI is not set' });
    }
  });

export type BookingsConfig = z.output<typeof bookingsEnvSchema>;

/** Which store bookings live in: MongoDB when configured, PostgreSQL otherwise. */
export type StoreSettings =
  | { kind: 'mongo'; uri: string; database: string; collection: string }
  | { kind: 'postgres'; url: string; schema: string; poolSize: number; migrate: boolean };

export function storeSettings(config: BookingsConfig): StoreSettings {
  if (config.MONGODB_URI) {
    return { kind: 'mongo', uri: config.MONGODB_URI, database: config.MONGODB_DB ?? config.DATABASE_NAME ?? 'wortis', collection: 'bookings' };
  }
  return {
    kind: 'postgres',
    url: config.DATABASE_URL!,
    schema: schemaNameFor('bookings', config.DATABASE_SCHEMA),
    poolSize: config.DATABASE_POOL_SIZE,
    migrate: config.MIGRATE_ON_START,
  };
}
