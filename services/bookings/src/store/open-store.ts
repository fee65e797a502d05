import { type Logger, migrate, OutboxRelay } from '@platform/service-kit';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import type { StoreSettings } from '../config.js';
import { postgresMigrations } from '../migrations.js';
import type { OpenedStore } from './booking-store.js';
import { type BookingDocument, MongoBookingStore } from './mongo-booking-store.js';
import { ensureBookingIndexes } from './mongo-indexes.js';
import { MongoOutboxRelay } from './mongo-outbox-relay.js';
import { PostgresBookingStore } from './postgres-booking-store.js';
import { createPrisma } from './prisma.js';

/** Opens the configured store: MongoDB when MONGODB_URI is set, PostgreSQL otherwise. */
export function openBookingStore(settings: StoreSettings, logger: Logger): Promise<OpenedStore> {
  return settings.kind === 'mongo' ? openMongoStore(settings, logger) : openPostgresStore(settings, logger);
}

async function openMongoStore(settings: Extract<StoreSettings, { kind: 'mongo' }>, logger: Logger): Promise<OpenedStore> {
  const client = new MongoClient(settings.uri, { appName: 'bookings', serverSelectionTimeoutMS: 10_000 });
  await client.connect();
  const db = client.db(settings.database);
  const bookings = db.collection<BookingDocument>(settings.collection);
  try {
    await ensureBookingIndexes(bookings);
  } catch (error) {
    await client.close();
    throw error;
  }
  logger.info({ database: settings.database, collection: settings.collection }, 'bookings store: mongodb');
  return {
    kind: 'mongo',
    store: new MongoBookingStore(bookings),
    ping: async () => void (await db.command({ ping: 1 })),
    createRelay: (publisher, relayLogger) => new MongoOutboxRelay({ bookings, publisher, logger: relayLogger }),
    close: () => client.close(),
  };
}

async function openPostgresStore(settings: Extract<StoreSettings, { kind: 'postgres' }>, logger: Logger): Promise<OpenedStore> {
  // A small pg pool for migrations, the readiness probe and the outbox relay; Prisma keeps its own.
  const pool = new pg.Pool({ connectionString: settings.url, max: 3, application_name: 'bookings' });
  // An idle client dropped by the server: logged, and the next query reconnects.
  pool.on('error', (err) => logger.warn({ err }, 'idle postgres client error'));
  if (settings.migrate) await migrate(pool, settings.schema, postgresMigrations());
  const db = createPrisma({ url: settings.url, schema: settings.schema, poolSize: settings.poolSize });
  // Start Prisma's query engine now, not on the first customer's request.
  await db.booking.findFirst({ select: { id: true } });
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
