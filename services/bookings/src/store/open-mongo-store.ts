import type { Logger } from '@platform/service-kit';
import { MongoClient } from 'mongodb';
import type { StoreSettings } from '../config.js';
import type { OpenedStore } from './booking-store.js';
import { type BookingDocument, MongoBookingStore } from './mongo-booking-store.js';
import { ensureBookingIndexes } from './mongo-indexes.js';
import { MongoOutboxRelay } from './mongo-outbox-relay.js';

/**
 * The MongoDB store. Its own module, imported only when MONGODB_URI is set
 * (open-store.ts), so a service on PostgreSQL never loads the driver.
 */
export async function openMongoStore(settings: Extract<StoreSettings, { kind: 'mongo' }>, logger: Logger): Promise<OpenedStore> {
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
