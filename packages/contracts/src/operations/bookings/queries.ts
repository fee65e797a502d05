import { z } from 'zod';
import { defineOperation } from '../../operation.js';
import { bookingDate, bookingEmail, bookingView, exampleBooking, text } from './shared.js';

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
