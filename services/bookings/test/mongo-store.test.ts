import { createLogger } from '@platform/service-kit';
import { uniqueNamespace } from '@platform/testkit';
import { deleteEventStream } from '@platform/testkit/event-stream';
import { MongoClient, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookingDocument } from '../src/store/mongo-booking-store.js';
import { ACTIVE_SLOT_INDEX } from '../src/store/mongo-indexes.js';
import { openBookingStore } from '../src/store/open-store.js';
import type { OpenedStore } from '../src/store/booking-store.js';
import { describeBookingStoreContract } from './store-contract.js';

/**
 * The same contract suite on MongoDB. No MongoDB server can run on our build
 * machines, so this runs wherever MONGODB_URI is set (docker compose, see
 * docs/services/bookings.md) and says so loudly when it is skipped.
 */
const uri = process.env.MONGODB_URI;
const logger = createLogger({ service: 'bookings-test', instance: 'test', level: 'warn' });

async function openMongo(database: string): Promise<OpenedStore> {
  return openBookingStore({ kind: 'mongo', uri: uri!, database, collection: 'bookings' }, logger);
}

async function dropDatabase(database: string): Promise<void> {
  const client = new MongoClient(uri!);
  try {
    await client.db(database).dropDatabase();
  } finally {
    await client.close();
  }
}

if (uri) {
  describeBookingStoreContract('mongodb', async () => {
    const namespace = uniqueNamespace('bkmg');
    const database = `bookings_${namespace}`;
    const opened = await openMongo(database);
    return {
      opened,
      namespace,
      async cleanup() {
        await opened.close();
        await dropDatabase(database);
        await deleteEventStream(namespace);
      },
    };
  });

  describe('MongoDB specifics', () => {
    const database = `bookings_${uniqueNamespace('bkmg')}`;
    let client: MongoClient;
    let opened: OpenedStore;
    beforeAll(async () => {
      opened = await openMongo(database);
      client = new MongoClient(uri);
      await client.connect();
    });
    afterAll(async () => {
      await opened?.close();
      await client?.close();
      await dropDatabase(database);
    });

    it("creates the seed's indexes and the unique partial index over active bookings", async () => {
      const indexes = await client.db(database).collection('bookings').indexes();
      const keys = indexes.map((index) => JSON.stringify(index.key));
      expect(keys).toEqual(
        expect.arrayContaining([JSON.stringify({ date: 1, service_name: 1, status: 1 }), JSON.stringify({ email: 1 }), JSON.stringify({ created_at: -1 })]),
      );
      const guard = indexes.find((index) => index.name === ACTIVE_SLOT_INDEX);
      expect(guard).toMatchObject({
        unique: true,
        key: { service_name: 1, date: 1, timeSlot: 1 },
        partialFilterExpression: { status: { $in: ['confirmed', 'pending'] } },
      });
    });

    it('reads documents written by the Flask original (capitalised email, no updated_at)', async () => {
      const _id = new ObjectId();
      const legacy = {
        _id,
        date: '2030-03-15',
        timeSlot: '09:00-10:00',
        prestation: 'coupe_homme',
        email: 'Legacy@Example.com',
        service_name: 'Coiffure-legacy',
        status: 'confirmed',
        created_at: new Date('2024-02-06T10:00:00Z'),
      };
      await client
        .db(database)
        .collection<BookingDocument>('bookings')
        .insertOne(legacy as BookingDocument);
      expect(await opened.store.findById(_id.toHexString())).toMatchObject({
        id: _id.toHexString(),
        email: 'Legacy@Example.com',
        variant: null,
        notes: null,
        serviceId: null,
        updatedAt: new Date('2024-02-06T10:00:00Z'),
        cancelledAt: null,
      });
      expect(await opened.store.occupiedSlots('Coiffure-legacy', '2030-03-15')).toEqual(['09:00-10:00']);
    });
  });
} else {
  console.log('MongoDB adapter suite skipped: MONGODB_URI not set (run it with docker compose: see docs/services/bookings.md)');
  describe('BookingStore contract: mongodb', () => {
    it.skip('MongoDB adapter suite skipped: MONGODB_URI not set (run it with docker compose: see docs/services/bookings.md)', () => {});
  });
}
