import { z } from 'zod';
import { defineEvent } from '../../events.js';
import { BOOKING_STATUSES } from './shared.js';

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
