import { z } from 'zod';
import { nonEmptyString, uuid } from '../../fields.js';
import { defineOperation } from '../../operation.js';
import { categoryCode, clubId, eventId, exampleEvent, exampleTicket, ticket, ticketEvent, ticketPrice } from './shared.js';

/** Seats in one category. */
export const MAX_CATEGORY_CAPACITY = 200_000;

const dateTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2026-03-01T20:00:00Z' });

const adminLimit = { max: 120, timeWindowMs: 60_000 };

const categoryInput = z.strictObject({
  code: categoryCode,
  name: nonEmptyString(64),
  price: ticketPrice(),
  capacity: z
    .number({ error: 'must be a number' })
    .int('must be an integer')
    .min(0, 'must be at least 0')
    .max(MAX_CATEGORY_CAPACITY, `must be at most ${MAX_CATEGORY_CAPACITY}`),
});

export const adminCreateEvent = defineOperation({
  name: 'tickets.adminCreateEvent',
  service: 'tickets',
  summary: 'Create an event with its categories (admin)',
  auth: 'admin',
  http: { method: 'POST', path: '/api/tickets/admin/events', successStatus: 201, rateLimit: adminLimit },
  input: z
    .strictObject({
      /** Optional: a generated id otherwise. */
      id: eventId.optional(),
      clubId,
      title: nonEmptyString(200),
      venue: nonEmptyString(200),
      startsAt: dateTime,
      /** Defaults to 4 hours after the start; tokens expire then. */
      endsAt: dateTime.optional(),
      categories: z.array(categoryInput).min(1, 'must list at least one category').max(20, 'must list at most 20 categories'),
    })
    .refine((v) => v.endsAt === undefined || Date.parse(v.endsAt) > Date.parse(v.startsAt), { message: 'must be after startsAt', path: ['endsAt'] })
    .refine((v) => new Set(v.categories.map((c) => c.code)).size === v.categories.length, {
      message: 'category codes must be unique within an event',
      path: ['categories'],
    }),
  output: ticketEvent,
  tags: ['tickets', 'admin'],
  examples: {
    input: {
      clubId: 'psg',
      title: 'PSG - OM',
      venue: 'Parc des Princes',
      startsAt: '2026-03-01T20:00:00Z',
      categories: [{ code: 'premium', name: 'Premium', price: '89.99', capacity: 200 }],
    },
    output: { ...exampleEvent, categories: [{ ...exampleEvent.categories[1], capacity: 200, seatsLeft: 200 }] },
  },
});

export const adminAddCategory = defineOperation({
  name: 'tickets.adminAddCategory',
  service: 'tickets',
  summary: 'Add a category to an event (admin)',
  auth: 'admin',
  http: { method: 'POST', path: '/api/tickets/admin/events/:eventId/categories', successStatus: 201, rateLimit: adminLimit },
  input: categoryInput.extend({ eventId }),
  output: ticketEvent,
  tags: ['tickets', 'admin'],
  examples: {
    input: { eventId: '1', code: 'vip', name: 'VIP box', price: '250.00', capacity: 40 },
    output: {
      ...exampleEvent,
      categories: [
        ...exampleEvent.categories,
        { code: 'vip', name: 'VIP box', price: 250, priceMinor: 25_000, currency: 'EUR', capacity: 40, seatsLeft: 40, soldOut: false },
      ],
    },
  },
});

export const adminUpdateCategory = defineOperation({
  name: 'tickets.adminUpdateCategory',
  service: 'tickets',
  summary: 'Change a category’s price or capacity (admin); capacity cannot go below the seats already sold',
  auth: 'admin',
  http: { method: 'PATCH', path: '/api/tickets/admin/events/:eventId/categories/:category', rateLimit: adminLimit },
  input: z
    .strictObject({
      eventId,
      category: categoryCode,
      price: ticketPrice().optional(),
      capacity: categoryInput.shape.capacity.optional(),
    })
    .refine((v) => v.price !== undefined || v.capacity !== undefined, { message: 'give price or capacity', path: ['price'] }),
  output: ticketEvent,
  tags: ['tickets', 'admin'],
  examples: {
    input: { eventId: '1', category: 'premium', price: '79.99' },
    output: { ...exampleEvent, categories: [exampleEvent.categories[0], { ...exampleEvent.categories[1], price: 79.99, priceMinor: 7999 }] },
  },
});

const reason = nonEmptyString(200);

export const adminCancelEvent = defineOperation({
  name: 'tickets.adminCancelEvent',
  service: 'tickets',
  summary: 'Cancel an event (admin): sales stop, every valid ticket is cancelled and refunded',
  auth: 'admin',
  http: { method: 'POST', path: '/api/tickets/admin/events/:eventId/cancel', rateLimit: adminLimit },
  input: z.strictObject({ eventId, reason }),
  output: z.object({ event: ticketEvent, ticketsCancelled: z.number().int() }),
  tags: ['tickets', 'admin'],
  examples: {
    input: { eventId: '1', reason: 'Match postponed by the league' },
    output: { event: { ...exampleEvent, status: 'cancelled', onSale: false }, ticketsCancelled: 31_239 },
  },
});

export const adminRevokeTicket = defineOperation({
  name: 'tickets.adminRevokeTicket',
  service: 'tickets',
  summary: 'Revoke a ticket without refund, e.g. a fraudulent resale (admin)',
  auth: 'admin',
  http: { method: 'POST', path: '/api/tickets/admin/tickets/:id/revoke', rateLimit: adminLimit },
  input: z.strictObject({ id: uuid, reason }),
  output: ticket,
  tags: ['tickets', 'admin'],
  examples: {
    input: { id: exampleTicket.id, reason: 'Fraudulent resale' },
    output: { ...exampleTicket, status: 'revoked' },
  },
});

export const adminCancelTicket = defineOperation({
  name: 'tickets.adminCancelTicket',
  service: 'tickets',
  summary: 'Cancel a ticket and refund it to the holder’s wallet; the seat goes back on sale (admin)',
  auth: 'admin',
  http: { method: 'POST', path: '/api/tickets/admin/tickets/:id/cancel', rateLimit: adminLimit },
  input: z.strictObject({ id: uuid, reason }),
  output: ticket,
  tags: ['tickets', 'admin'],
  examples: {
    input: { id: exampleTicket.id, reason: 'Seat unavailable' },
    output: { ...exampleTicket, status: 'cancelled', refunded: true },
  },
});
