import { z } from 'zod';
import { withoutNul } from '../../fields.js';
import { defineOperation } from '../../operation.js';
import { bookingDate, bookingEmail, bookingView, exampleBooking, exampleReservation, requiredOr, text } from './shared.js';

/** Optional free text: absent, null and "" all mean "not given" (the app sends any of them). */
const optionalText = (max: number) =>
  withoutNul(z.string({ error: 'must be a string or null' }).trim().max(max, `must be at most ${max} characters`))
    .nullish()
    .transform((value) => (value ? value : null));

const SLOT_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes since midnight of a slot's start and end, e.g. "14:00-15:30" -> [840, 930]; undefined when not a slot. */
export function slotMinutes(slot: string): [number, number] | undefined {
  const match = SLOT_PATTERN.exec(slot);
  if (!match) return undefined;
  return [Number(match[1]) * 60 + Number(match[2]), Number(match[3]) * 60 + Number(match[4])];
}

export const timeSlot = z
  .string({ error: requiredOr('must be a string in HH:MM-HH:MM format') })
  .regex(SLOT_PATTERN, 'must be HH:MM-HH:MM with a 24-hour clock, e.g. 14:00-15:00')
  // zod runs refinements even after the pattern failed: a non-slot is left to the regex's message.
  .refine((slot) => {
    const minutes = slotMinutes(slot);
    return minutes === undefined || minutes[1] > minutes[0];
  }, 'must end after it starts');

/** Booking ids are MongoDB ObjectIds (24 hex characters) whichever store is used. */
export const bookingId = z
  .string({ error: requiredOr('must be a string') })
  .regex(/^[0-9a-fA-F]{24}$/, 'must be a booking id of 24 hexadecimal characters')
  .transform((id) => id.toLowerCase());

const bookingLimit = { max: 10, timeWindowMs: 60_000 };

export const createReservation = defineOperation({
  name: 'bookings.createReservation',
  service: 'bookings',
  summary: 'Book a slot (201). 409 when the slot is already taken by a confirmed or pending booking.',
  auth: 'optional-user',
  errorStyle: 'success-flag',
  idempotent: true,
  http: { method: 'POST', path: '/api/bookings/create-reservation', successStatus: 201, rateLimit: bookingLimit },
  // Not strict: the Flask original ignored unknown fields, and apps in the field may send more.
  input: z.object({
    date: bookingDate,
    timeSlot,
    prestation: text(100),
    variant: optionalText(100),
    /** Required unless the caller is signed in: then the token's email is used. */
    email: bookingEmail.optional(),
    notes: optionalText(1000),
    service_name: text(100),
    service_id: optionalText(64),
  }),
  output: z.object({
    success: z.literal(true),
    message: z.string(),
    booking_id: z.string(),
    reservation: bookingView,
  }),
  tags: ['bookings'],
  examples: {
    input: exampleReservation,
    output: { success: true, message: 'Réservation créée avec succès', booking_id: exampleBooking._id, reservation: exampleBooking },
  },
});

export const cancelReservation = defineOperation({
  name: 'bookings.cancel',
  service: 'bookings',
  summary: "Cancel a booking; the email must be the booking's (or the signed-in user's)",
  auth: 'optional-user',
  errorStyle: 'success-flag',
  http: { method: 'POST', path: '/api/bookings/cancel', rateLimit: bookingLimit },
  input: z.object({
    booking_id: bookingId,
    /** Required unless the caller is signed in: then the token's email is used. */
    email: bookingEmail.optional(),
  }),
  output: z.object({
    success: z.literal(true),
    message: z.string(),
    booking_id: z.string(),
    status: z.literal('cancelled'),
    cancelled_at: z.string(),
  }),
  tags: ['bookings'],
  examples: {
    input: { booking_id: exampleBooking._id, email: 'user@example.com' },
    output: {
      success: true,
      message: 'Réservation annulée avec succès',
      booking_id: exampleBooking._id,
      status: 'cancelled',
      cancelled_at: '2024-02-10T08:00:00.000Z',
    },
  },
});
