import type { bookings } from '@platform/contracts';
import type { z } from 'zod';
import { randomObjectIdHex } from './object-id.js';

/** A booking as the service thinks of it; each store maps it to its own shape. */
export interface Booking {
  /** A MongoDB ObjectId in lowercase hex (24 characters), on every store. */
  id: string;
  date: string;
  timeSlot: string;
  prestation: string;
  variant: string | null;
  email: string;
  notes: string | null;
  serviceName: string;
  serviceId: string | null;
  status: bookings.BookingStatus;
  createdAt: Date;
  updatedAt: Date;
  cancelledAt: Date | null;
}

export type BookingView = z.output<typeof bookings.bookingView>;

/** The seed's JSON shape of a booking (snake_case, `_id`, ISO dates). */
export function toBookingView(booking: Booking): BookingView {
  return {
    _id: booking.id,
    date: booking.date,
    timeSlot: booking.timeSlot,
    prestation: booking.prestation,
    variant: booking.variant,
    email: booking.email,
    notes: booking.notes,
    service_name: booking.serviceName,
    service_id: booking.serviceId,
    status: booking.status,
    created_at: booking.createdAt.toISOString(),
    updated_at: booking.updatedAt.toISOString(),
    cancelled_at: booking.cancelledAt ? booking.cancelledAt.toISOString() : null,
  };
}

/** Emails compare case-insensitively: bookings made before emails were normalised may carry capitals. */
export const sameEmail = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * A new booking id: ObjectId-shaped hex from the CSPRNG, on both stores, so ids
 * look the same to the app whichever store is configured, and cannot be guessed.
 */
export const newBookingId = (): string => randomObjectIdHex();
