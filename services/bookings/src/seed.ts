import { DomainError } from '@platform/contracts';
import { createLogger, loadConfig } from '@platform/service-kit';
import { bookingsEnvSchema, storeSettings } from './config.js';
import { newBookingId } from './domain/booking.js';
import { createdEvent } from './domain/booking-events.js';
import { localTime } from './domain/booking-window.js';
import { demoBookings } from './store/demo-bookings.js';
import { reservationFingerprint } from './domain/idempotency.js';
import { openBookingStore } from './store/open-store.js';

/**
 * With SEED_DEMO_DATA=true, books a few slots for the demo accounts over the
 * coming days. Idempotent: each demo booking carries a stable idempotency key,
 * so a second run replays instead of booking again; a slot someone else took
 * is skipped.
 */
const config = loadConfig(bookingsEnvSchema);
if (!config.SEED_DEMO_DATA) {
  console.log('bookings seed: SEED_DEMO_DATA is not true; nothing to do');
} else {
  const logger = createLogger({ service: 'bookings-seed', instance: config.INSTANCE_ID, level: 'warn' });
  const opened = await openBookingStore(storeSettings(config), logger);
  let created = 0;
  try {
    const now = new Date();
    for (const demo of demoBookings(localTime(now, config.BOOKING_TIMEZONE).day)) {
      const booking = { id: newBookingId(), ...demo, serviceId: null, status: 'confirmed' as const, createdAt: now, updatedAt: now, cancelledAt: null };
      const key = `demo-seed:${demo.email}:${demo.serviceName}:${demo.date}:${demo.timeSlot}`;
      try {
        const outcome = await opened.store.create(booking, {
          event: createdEvent(booking),
          idempotency: { key, fingerprint: reservationFingerprint({ ...demo }) },
        });
        if (!outcome.replayed) created++;
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'CONFLICT')) throw error;
      }
    }
    console.log(`bookings seed: ${created} demo bookings created (${opened.kind})`);
  } finally {
    await opened.close();
  }
}
