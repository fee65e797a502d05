import { z } from 'zod';
import { withoutNul } from '../../fields.js';

/** Used by several of bookings's use-case files; the public ones are re-exported by index.ts, the others stay inside the area. */

export const BOOKING_STATUSES = ['confirmed', 'pending', 'cancelled'] as const;

/** Statuses that hold a slot: a cancelled booking frees it. */
export const ACTIVE_BOOKING_STATUSES = ['confirmed', 'pending'] as const;

export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/** "is required" when the field is absent, the given message for a wrong type. */
export const requiredOr = (message: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : message);

export const text = (max: number) =>
  withoutNul(
    z
      .string({ error: requiredOr('must be a string') })
      .trim()
      .min(1, 'must not be empty')
      .max(max, `must be at most ${max} characters`),
  );

export const bookingEmail = z
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

/** The seed's reservation request; the booking it creates below. */
export const exampleReservation = {
  date: '2024-02-15',
  timeSlot: '14:00-15:00',
  prestation: 'coupe_homme',
  variant: 'courte',
  email: 'user@example.com',
  notes: 'Instructions particulières',
  service_name: 'Coiffure',
  service_id: '65f8a2b3c4d5e6f7a8b9c0d3',
};

export const exampleBooking = {
  _id: '65f8a2b3c4d5e6f7a8b9c0d1',
  ...exampleReservation,
  status: 'confirmed',
  created_at: '2024-02-01T10:00:00.000Z',
  updated_at: '2024-02-01T10:00:00.000Z',
  cancelled_at: null,
} satisfies z.output<typeof bookingView>;
