import { type Logger, migrate, OutboxRelay, survivePostgresRestarts } from '@platform/service-kit';
import pg from 'pg';
import type { StoreSettings } from '../config.js';
import { postgresMigrations } from '../schema.js';
import type { OpenedStore } from './booking-store.js';
import { PostgresBookingStore } from './postgres-booking-store.js';
import { createPrisma } from './prisma.js';

/**
 * Opens the configured store: MongoDB when MONGODB_URI is set, PostgreSQL
 * otherwise. The MongoDB adapter is imported only when it is the one
 * configured: the driver costs about 20 MB of memory (docs/performance.md).
 */
export async function openBookingStore(settings: StoreSettings, logger: Logger): Promise<OpenedStore> {
  if (settings.kind === 'postgres') return openPostgresStore(settings, logger);
  const { openMongoStore } = await import('./open-mongo-store.js');
  return openMongoStore(settings, logger);
}

async function openPostgresStore(settings: Extract<StoreSettings, { kind: 'postgres' }>, logger: Logger): Promise<OpenedStore> {
  // A small pg pool for migrations, the readiness probe and the outbox relay; Prisma keeps its own.
  const pool = survivePostgresRestarts(new pg.Pool({ connectionString: settings.url, max: 3, application_name: 'bookings' }), logger);
  if (settings.migrate) await migrate(pool, settings.schema, postgresMigrations());
  // Prisma's query compiler starts on the first query, as in every other service: starting it here
  // saved the first customer about 50 ms and kept ~15 MB in an idle service (docs/performance.md).
  const db = createPrisma({ url: settings.url, schema: settings.schema, poolSize: settings.poolSize });
  return {
    kind: 'postgres',
    store: new PostgresBookingStore(db),
    ping: async () => void (await pool.query('SELECT 1')),
    createRelay: (publisher, logger) => new OutboxRelay({ pool, schema: settings.schema, publisher, logger }),
    close: async () => {
      await db.$disconnect();
      await pool.end();
    },
  };
}
