import { parseConfig, type Service } from '@platform/service-kit';
import { dropNamespaceSchemas, serviceEnv, startGateway, type TestApi, type TestGateway, uniqueNamespace } from '@platform/testkit';
import { deleteEventStream } from '@platform/testkit/event-stream';
import { MongoClient } from 'mongodb';
import { buildBookingsService } from '../src/app.js';
import { type BookingsConfig, bookingsEnvSchema } from '../src/config.js';
import { RecordingNotifier } from './recording-notifier.js';

export interface BookingsHarness {
  namespace: string;
  config: BookingsConfig;
  service: Service;
  gateway: TestGateway;
  api: TestApi;
  notifier: RecordingNotifier;
  close(): Promise<void>;
}

/**
 * A clock pinned at `iso` that still advances with real time, so "today" is
 * fixed for the whole file while created_at keeps increasing.
 */
export function pinnedClock(iso: string): () => Date {
  const base = Date.parse(iso);
  const started = Date.now();
  return () => new Date(base + (Date.now() - started));
}

/**
 * The bookings service in-process (PostgreSQL here; MongoDB when MONGODB_URI
 * is set, in a database of its own) behind the real gateway in a child
 * process, both in a fresh namespace.
 */
export async function startBookings(
  options: { now?: () => Date; env?: Record<string, string>; gatewayEnv?: Record<string, string> } = {},
): Promise<BookingsHarness> {
  const namespace = uniqueNamespace('bk');
  const mongoUri = process.env.MONGODB_URI;
  const mongo: Record<string, string> = mongoUri ? { MONGODB_URI: mongoUri, MONGODB_DB: `bookings_${namespace}` } : {};
  const config = parseConfig(bookingsEnvSchema, serviceEnv('bookings', namespace, { ...mongo, ...options.env }));
  const notifier = new RecordingNotifier();
  const service = await buildBookingsService(config, { now: options.now, notifier });
  let gateway: TestGateway;
  try {
    gateway = await startGateway(namespace, options.gatewayEnv);
  } catch (error) {
    await service.stop();
    throw error;
  }
  return {
    namespace,
    config,
    service,
    gateway,
    api: gateway.api,
    notifier,
    async close() {
      await gateway.stop();
      await service.stop();
      await dropNamespaceSchemas(namespace);
      await deleteEventStream(namespace);
      if (mongoUri) {
        const client = new MongoClient(mongoUri);
        await client.db(`bookings_${namespace}`).dropDatabase();
        await client.close();
      }
    },
  };
}

/** A valid reservation body, as the app sends it. */
export function reservation(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    date: '2024-02-15',
    timeSlot: '14:00-15:00',
    prestation: 'coupe_homme',
    variant: 'courte',
    email: 'test@example.com',
    service_name: 'Coiffure',
    ...overrides,
  };
}
