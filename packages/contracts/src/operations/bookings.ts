import { z } from 'zod';
import { defineEvent, type EventContract } from '../events.js';
import { withoutNul } from '../fields.js';
import { defineOperation, type Operation } from '../operation.js';

/**
 * Contract of the bookings service (seed 004, "Réservations"). The four routes,
 * their bodies, response shapes and status codes are what the Flutter app
 * already calls: fields may be added, never renamed or dropped. Errors use the
 * seed's shape: { success: false, error: "message", code, field }.
 */

export const BOOKING_STATUSES = ['confirmed', 'pending', 'cancelled'] as const;
/** Statuses that hold a slot: a cancelled booking frees it. */
export const ACTIVE_BOOKING_STATUSES = ['confirmed', 'pending'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/** "is required" when the field is absent, the given message for a wrong type. */
const requiredOr = (message: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : message);

const text = (max: number) =>
  withoutNul(
    z
      .string({ error: requiredOr('must be a string') })
      .trim()
      .min(1, 'must not be empty')
      .max(max, `must be at most ${max} characters`),
  );

/** Optional free text: absent, null and "" all mean "not given" (the app sends any of them). */
const optionalText = (max: number) =>
  withoutNul(z.string({ error: 'must be a string or null' }).trim().max(max, `must be at most ${max} characters`))
    .nullish()
    .transform((value) => (value ? value : null));

const bookingEmail = z
  .string({ error: requiredOr('must be a string') })
  .trim()
  .toLowerCase()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email({ error: 'must be a valid email address' }));

/** True when `value` (YYYY-MM-DD) names a day that exists: 2024-02-30 does not. */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export const bookingDate = z
  .string({ error: requiredOr('must be a string in YYYY-MM-DD format') })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date in YYYY-MM-DD format')
  // zod runs refinements even after the pattern failed: a malformed value is left to the regex's message.
  .refine((value) => !/^\d{4}-\d{2}-\d{2}$/.test(value) || isCalendarDate(value), 'is not a real calendar date');

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

/** A booking as the seed's API returns it (the MongoDB document, with `_id` as a string). */
export const bookingView = z.object({
  _id: z.string(),
  date: z.string(),
  timeSlot: z.string(),
  prestation: z.string(),
  variant: z.string().nullable(),
  email: z.string(),
  notes: z.string().nullable(),
  service_name: z.string(),
  service_id: z.string().nullable(),
  status: z.enum(BOOKING_STATUSES),
  created_at: z.string().describe('ISO 8601'),
  updated_at: z.string().describe('ISO 8601'),
  cancelled_at: z.string().nullable().describe('ISO 8601, when cancelled'),
});

// ---------------------------------------------------------------- examples shown in /docs

/** The seed's reservation request; the booking it creates below. */
const exampleReservation = {
  date: '2024-02-15',
  timeSlot: '14:00-15:00',
  prestation: 'coupe_homme',
  variant: 'courte',
  email: 'user@example.com',
  notes: 'Instructions particulières',
  service_name: 'Coiffure',
  service_id: '65f8a2b3c4d5e6f7a8b9c0d3',
};

const exampleBooking = {
  _id: '65f8a2b3c4d5e6f7a8b9c0d1',
  ...exampleReservation,
  status: 'confirmed',
  created_at: '2024-02-01T10:00:00.000Z',
  updated_at: '2024-02-01T10:00:00.000Z',
  cancelled_at: null,
} satisfies z.output<typeof bookingView>;

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

export const occupiedSlots = defineOperation({
  name: 'bookings.occupiedSlots',
  service: 'bookings',
  summary: 'Slots taken (confirmed or pending) for a service on a date',
  auth: 'public',
  errorStyle: 'success-flag',
  http: { method: 'GET', path: '/api/bookings/occupied-slots' },
  input: z.object({ date: bookingDate, service: text(100) }),
  output: z.object({
    success: z.literal(true),
    date: z.string(),
    service: z.string(),
    occupied_slots: z.array(z.string()),
    total_occupied: z.number().int(),
  }),
  tags: ['bookings'],
  examples: {
    input: { date: '2024-02-15', service: 'Coiffure' },
    output: { success: true, date: '2024-02-15', service: 'Coiffure', occupied_slots: ['09:00-10:00', '14:00-15:00'], total_occupied: 2 },
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

export const userBookings = defineOperation({
  name: 'bookings.userBookings',
  service: 'bookings',
  summary: "An email's bookings, newest first. Sign in as that email (or as an admin): 401 without a token, 403 for another's email",
  // The seed listed anyone's bookings, ids included, to anyone who knew the email; with those ids
  // its cancel body {booking_id, email} was enough to cancel them. Knowing an email is not proof.
  auth: 'user',
  errorStyle: 'success-flag',
  http: { method: 'GET', path: '/api/bookings/user/:email' },
  input: z.object({
    email: bookingEmail,
    // The seed returned every booking; 100 per page keeps existing apps whole while bounding the response.
    limit: z.coerce.number({ error: 'must be a number' }).int('must be an integer').min(1, 'must be at least 1').max(100, 'must be at most 100').default(100),
    cursor: z.string({ error: 'must be a string' }).max(512, 'must be at most 512 characters').optional(),
  }),
  output: z.object({
    success: z.literal(true),
    bookings: z.array(bookingView),
    total: z.number().int().describe('All bookings of this email, not just this page'),
    next_cursor: z.string().nullable().describe('Pass as ?cursor= for the next page; null on the last page'),
  }),
  tags: ['bookings'],
  examples: {
    input: { email: 'user@example.com', limit: 100 },
    output: { success: true, bookings: [exampleBooking], total: 1, next_cursor: null },
  },
});

const bookingEventPayload = z.object({
  bookingId: z.string(),
  serviceName: z.string(),
  serviceId: z.string().nullable(),
  date: z.string(),
  timeSlot: z.string(),
  prestation: z.string(),
  variant: z.string().nullable(),
  email: z.string(),
  status: z.enum(BOOKING_STATUSES),
});

/**
 * What a guest (no account) needs to manage the booking later: the booking id
 * is the secret that, with the email, cancels it. A confirmation sender puts
 * these in its message; nothing else in the API hands the id back to a guest.
 */
export const bookingManagement = z.object({
  cancel: z.object({
    method: z.literal('POST'),
    path: z.literal('/api/bookings/cancel'),
    body: z.object({ booking_id: z.string(), email: z.string() }),
  }),
  list: z.object({
    method: z.literal('GET'),
    path: z.string().describe('/api/bookings/user/<email>, for the signed-in owner of that email'),
    requires: z.literal('sign-in'),
  }),
});

export const bookingCreated = defineEvent({
  subject: 'evt.bookings.booking.created',
  version: 1,
  summary: 'A booking was made (the slot is now taken); carries how its guest can manage it',
  publisher: 'bookings',
  example: {
    bookingId: '6650c0ffee1234567890abcd',
    serviceName: 'Salon Lumière',
    serviceId: null,
    date: '2026-12-24',
    timeSlot: '10:00',
    prestation: 'Coupe',
    variant: null,
    email: 'user@example.com',
    status: 'confirmed',
    createdAt: '2026-12-07T09:30:00.000Z',
  },
  payload: bookingEventPayload.extend({ createdAt: z.string(), manage: bookingManagement.optional().describe('Added field: how to cancel or list it') }),
});

export const bookingCancelled = defineEvent({
  subject: 'evt.bookings.booking.cancelled',
  version: 1,
  summary: 'A booking was cancelled (the slot is free again)',
  publisher: 'bookings',
  example: {
    bookingId: '6650c0ffee1234567890abcd',
    serviceName: 'Salon Lumière',
    serviceId: null,
    date: '2026-12-24',
    timeSlot: '10:00',
    prestation: 'Coupe',
    variant: null,
    email: 'user@example.com',
    status: 'cancelled',
    cancelledAt: '2026-12-08T18:00:00.000Z',
  },
  payload: bookingEventPayload.extend({ cancelledAt: z.string() }),
});

export const bookingsOperations: readonly Operation[] = [createReservation, occupiedSlots, cancelReservation, userBookings];
export const bookingsEvents: readonly EventContract[] = [bookingCreated, bookingCancelled];
