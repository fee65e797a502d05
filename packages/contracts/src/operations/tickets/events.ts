import { z } from 'zod';
import { defineEvent } from '../../events.js';
import { currency } from '../../money.js';

const ticketEventFields = {
  ticketId: z.string(),
  userId: z.string(),
  eventId: z.string(),
  clubId: z.string(),
  category: z.string(),
  priceMinor: z.number().int().positive(),
  /** Exact decimal text in major units, e.g. "89.99". */
  price: z.string(),
  currency,
  occurredAt: z.string(),
};

/** One per issued ticket, written to the outbox in the confirming transaction. */
export const ticketPurchased = defineEvent({
  subject: 'evt.tickets.ticket.purchased',
  version: 1,
  summary: 'A ticket was paid and issued',
  publisher: 'tickets',
  example: {
    ticketId: '9b2e7c1a-3f4d-4e5a-8b6c-7d8e9f0a1b2c',
    userId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    eventId: 'psg-om-2026-12-20',
    clubId: 'psg',
    category: 'Tribune Auteuil',
    priceMinor: 8999,
    price: '89.99',
    currency: 'EUR',
    occurredAt: '2026-12-07T09:30:00.000Z',
    transferId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  },
  payload: z.object({
    ...ticketEventFields,
    transferId: z.string(),
    /** The match as fans know it ("OM - OL") and its kick-off, so consumers can name it; absent from events written before. */
    eventTitle: z.string().optional(),
    eventStartsAt: z.string().optional(),
  }),
});

/** A ticket was cancelled (by an admin, or with its event); its refund follows. */
export const ticketCancelled = defineEvent({
  subject: 'evt.tickets.ticket.cancelled',
  version: 1,
  summary: 'A ticket was cancelled and is being refunded',
  publisher: 'tickets',
  example: {
    ticketId: '9b2e7c1a-3f4d-4e5a-8b6c-7d8e9f0a1b2c',
    userId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    eventId: 'psg-om-2026-12-20',
    clubId: 'psg',
    category: 'Tribune Auteuil',
    priceMinor: 8999,
    price: '89.99',
    currency: 'EUR',
    occurredAt: '2026-12-10T12:00:00.000Z',
    reason: 'The match was postponed',
  },
  payload: z.object({ ...ticketEventFields, reason: z.string() }),
});
