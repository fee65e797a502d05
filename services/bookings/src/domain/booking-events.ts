import { bookings } from '@platform/contracts';
import type { PendingEvent } from '../store/booking-store.js';
import type { Booking } from './booking.js';
import { bookingEventId } from './event-ids.js';

const common = (booking: Booking) => ({
  bookingId: booking.id,
  serviceName: booking.serviceName,
  serviceId: booking.serviceId,
  date: booking.date,
  timeSlot: booking.timeSlot,
  prestation: booking.prestation,
  variant: booking.variant,
  email: booking.email,
});

/** How the guest manages the booking: its id and email cancel it; the listing needs a sign-in as that email. */
export const managementOf = (booking: Booking) => ({
  cancel: { method: 'POST' as const, path: '/api/bookings/cancel' as const, body: { booking_id: booking.id, email: booking.email } },
  list: { method: 'GET' as const, path: `/api/bookings/user/${encodeURIComponent(booking.email)}`, requires: 'sign-in' as const },
});

export const createdEvent = (booking: Booking): PendingEvent => ({
  contract: bookings.bookingCreated,
  id: bookingEventId(booking.id, 'created'),
  data: { ...common(booking), status: booking.status, createdAt: booking.createdAt.toISOString(), manage: managementOf(booking) },
});

export const cancelledEvent = (booking: Booking, at: Date): PendingEvent => ({
  contract: bookings.bookingCancelled,
  id: bookingEventId(booking.id, 'cancelled'),
  data: { ...common(booking), status: 'cancelled', cancelledAt: at.toISOString() },
});
