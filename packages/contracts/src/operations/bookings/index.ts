import type { EventContract } from '../../events.js';
import { bookingCancelled, bookingCreated } from './events.js';
import { occupiedSlots, userBookings } from './queries.js';
import { cancelReservation, createReservation } from './reservations.js';

/**
 * Contract of the bookings service (seed 004, "Réservations"). The four routes,
 * their bodies, response shapes and status codes are what the Flutter app
 * already calls: fields may be added, never renamed or dropped. Errors use the
 * seed's shape: { success: false, error: "message", code, field }.
 */

export { BOOKING_STATUSES, ACTIVE_BOOKING_STATUSES, type BookingStatus, isCalendarDate, bookingDate, bookingView } from './shared.js';
export * from './reservations.js';
export * from './queries.js';
export * from './events.js';

export const bookingsOperations = [createReservation, occupiedSlots, cancelReservation, userBookings] as const;

export const bookingsEvents: readonly EventContract[] = [bookingCreated, bookingCancelled];
