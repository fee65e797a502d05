import { z } from 'zod';
import { defineEvent } from '../../events.js';
import { currency } from '../../money.js';

export const orderLineEvent = z.object({
  productId: z.string(),
  name: z.string(),
  category: z.string(),
  clubId: z.string(),
  quantity: z.number().int().positive(),
  unitPriceMinor: z.number().int().positive(),
});

/** One per confirmed order, from the outbox. The AI service learns fans' tastes from it (club, categories, spend). */
export const orderPlaced = defineEvent({
  subject: 'evt.shop.order.placed',
  version: 1,
  summary: 'An order was paid and confirmed',
  publisher: 'shop',
  example: {
    orderId: 'e2d1c0b9-a8f7-4e6d-9c5b-4a3b2c1d0e9f',
    userId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    clubId: 'psg',
    items: [{ productId: 'psg-home-jersey', name: 'Home jersey 2026', category: 'jerseys', clubId: 'psg', quantity: 1, unitPriceMinor: 8999 }],
    totalMinor: 8999,
    currency: 'EUR',
    transferId: '0f8fad5b-d9cb-469f-a165-70867728950e',
    occurredAt: '2026-12-07T09:30:00.000Z',
  },
  payload: z.object({
    orderId: z.string(),
    userId: z.string(),
    /** The club when every item is from one club, else null. */
    clubId: z.string().nullable(),
    items: z.array(orderLineEvent),
    totalMinor: z.number().int().positive(),
    currency,
    transferId: z.string(),
    occurredAt: z.string(),
  }),
});
