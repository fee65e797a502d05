import { z } from 'zod';
import { defineOperation } from '../../operation.js';
import { categoryCode, eventId, exampleTicket, ticket, ticketPrice } from './shared.js';

export const purchase = defineOperation({
  name: 'tickets.purchase',
  service: 'tickets',
  summary:
    'Buy one ticket, paid from the wallet. The server sets the price: a `price` that differs is 409 PRICE_CHANGED; a sold-out category is 409 (reason sold_out)',
  auth: 'user',
  // A few attempts a second per fan: purchases are idempotent, so a retry costs nothing and a loop gains nothing.
  http: { method: 'POST', path: '/api/tickets/purchase', successStatus: 201, rateLimit: { max: 5, timeWindowMs: 1_000 } },
  idempotent: true,
  // Reserve, wallet debit and confirm: three steps, two services.
  timeoutMs: 15_000,
  input: z.strictObject({
    eventId,
    category: categoryCode,
    /** The price the client showed, in major units; optional. Compared exactly, in minor units. */
    price: ticketPrice().optional(),
  }),
  output: ticket,
  tags: ['tickets'],
  examples: { input: { eventId: '1', category: 'premium', price: 89.99 }, output: exampleTicket },
});
