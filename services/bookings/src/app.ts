import { bookings } from '@platform/contracts';
import { EventPublisher, ensureEventStream, Service } from '@platform/service-kit';
import { type BookingsConfig, storeSettings } from './config.js';
import { createNotifier } from './clients/create-notifier.js';
import type { Notifier } from './clients/notifier.js';
import { BookingStats } from './operations/booking-stats.js';
import { queryHandlers } from './operations/queries.js';
import { reservationHandlers } from './operations/reservations.js';
import { openBookingStore } from './store/open-store.js';

export interface BookingsOverrides {
  /** The clock; tests pin it so "today" does not move under them. */
  now?: () => Date;
  /** Tests record notifications (or make them fail) through this. */
  notifier?: Notifier;
}

/**
 * The bookings service (seed 004): its four routes over NATS, its store
 * (MongoDB when MONGODB_URI is set, PostgreSQL otherwise), its event relay and
 * its notifier. Tests call this; main.ts adds signals and the HTTP listener.
 */
export async function buildBookingsService(config: BookingsConfig, overrides: BookingsOverrides = {}): Promise<Service> {
  const service = new Service({ name: 'bookings', config, jwtSecret: config.JWT_SECRET });

  const opened = await openBookingStore(storeSettings(config), service.logger);
  service.addReadinessCheck(opened.kind, opened.ping);
  service.onShutdown('store', () => opened.close());

  const notifier = overrides.notifier ?? (await createNotifier(config, service.logger));
  service.onShutdown('notifier', () => notifier.close());

  const stats = new BookingStats();
  service.setStatsProvider(async () => stats.snapshot());

  const deps = {
    store: opened.store,
    now: overrides.now ?? (() => new Date()),
    window: { timeZone: config.BOOKING_TIMEZONE, maxDaysAhead: config.BOOKING_MAX_DAYS_AHEAD },
    notifier,
    stats,
  };
  service.serve({
    ...reservationHandlers(deps),
    ...queryHandlers(deps),
  });
  // Standalone development: the service's own HTTP server serves the routes too (no rate limit there: that is the gateway's job).
  if (config.JWT_SECRET) await service.mountStandaloneRoutes(bookings.bookingsOperations);

  await service.connect();
  await ensureEventStream(service.nc, config.NATS_NAMESPACE);
  const relay = opened.createRelay(new EventPublisher(service.nc, config.NATS_NAMESPACE), service.logger);
  await relay.start();
  service.onShutdown('event-relay', () => relay.stop());
  return service;
}
