import { loadConfig, migrateDatabase } from '@platform/service-kit';
import { MongoClient } from 'mongodb';
import { bookingsEnvSchema, storeSettings } from './config.js';
import type { BookingDocument } from './store/mongo-booking-store.js';
import { ensureBookingIndexes } from './store/mongo-indexes.js';
import { postgresMigrations } from './schema.js';

/**
 * PostgreSQL: applies the SQL migrations. MongoDB has no schema to migrate;
 * its indexes (the double-booking guard among them) are ensured here and at
 * every start, idempotently.
 */
const config = loadConfig(bookingsEnvSchema);
const settings = storeSettings(config);
if (settings.kind === 'mongo') {
  const client = new MongoClient(settings.uri, { appName: 'bookings-migrate', serverSelectionTimeoutMS: 10_000 });
  try {
    await ensureBookingIndexes(client.db(settings.database).collection<BookingDocument>(settings.collection));
    console.log(`bookings: MongoDB ${settings.database}.${settings.collection} indexes ensured (no SQL to apply)`);
  } finally {
    await client.close();
  }
} else {
  await migrateDatabase({ service: 'bookings', databaseUrl: settings.url, schema: settings.schema, migrations: postgresMigrations() });
}
