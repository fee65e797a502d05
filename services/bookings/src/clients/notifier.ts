import type { Booking } from '../domain/booking.js';

/**
 * Tells a customer about their booking (the seed's FAQ: a confirmation email).
 * Callers never let a failed notification fail the booking: the booking is
 * already committed when they notify.
 */
export interface Notifier {
  bookingConfirmed(booking: Booking): Promise<void>;
  bookingCancelled(booking: Booking): Promise<void>;
  close(): Promise<void>;
}
