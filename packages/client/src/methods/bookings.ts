import { bookings, type RawInputOf } from '@platform/contracts';
import type { ApiBaseClass, WriteOptions } from '../api-base.js';

type Reservation = RawInputOf<typeof bookings.createReservation>;

/** Appointments (seed 004). Signed in, the account's email is used when none is given. */
export function withBookings<Base extends ApiBaseClass>(Base: Base) {
  return class BookingMethods extends Base {
    /** Books a slot, e.g. `{date: '2026-04-02', timeSlot: '14:00-15:00', prestation, service_name, email}`; 409 when it is taken. */
    createReservation(reservation: Reservation, options: WriteOptions = {}) {
      return this.call(bookings.createReservation, reservation, options);
    }

    /** Slots already taken for a service on a date (YYYY-MM-DD). */
    getOccupiedSlots(date: string, service: string) {
      return this.call(bookings.occupiedSlots, { date, service });
    }

    cancelReservation(bookingId: string, email?: string) {
      return this.call(bookings.cancelReservation, { booking_id: bookingId, email });
    }

    /** An email's bookings, newest first (signed in: only your own). */
    getUserBookings(email: string, page: Pick<RawInputOf<typeof bookings.userBookings>, 'limit' | 'cursor'> = {}) {
      return this.call(bookings.userBookings, { email, ...page });
    }
  };
}
