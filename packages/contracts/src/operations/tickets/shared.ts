import { z } from 'zod';
import { currency, majorAmount, minorAmount, moneyAmount } from '../../money.js';

/** Used by several of tickets's use-case files; the public ones are re-exported by index.ts, the others stay inside the area. */

/** Highest price of one ticket, in minor units: 10,000.00, the wallet's default ceiling for one charge. */
export const MAX_TICKET_PRICE_MINOR = 1_000_000;

const slugMessage = (max: number) => `must be 1-${max} characters of A-Z a-z 0-9 _ -`;

/** A string field whose "missing" and "wrong type" errors read differently. */
export const text = () => z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') });

/**
 * Event ids are short text ids (the seed's apps post `eventId: '1'`), not UUIDs.
 * A JSON integer is accepted as its decimal text, since the seed's examples mix both.
 */
export const eventId = z.preprocess(
  (value) => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : value),
  text()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, slugMessage(64)),
);

/** A category's code within its event, e.g. `standard`, `premium`, `vip` (case-insensitive). */
export const categoryCode = text()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9_-]{1,32}$/, 'must be 1-32 characters of a-z 0-9 _ -');

export const clubId = text()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9_-]{1,64}$/, 'must be 1-64 characters of a-z 0-9 _ -');

export const ticketPrice = () => moneyAmount({ maxMinor: MAX_TICKET_PRICE_MINOR });

const priceFields = { price: majorAmount, priceMinor: minorAmount, currency };

export const eventStatus = z.enum(['scheduled', 'cancelled']);

export const ticketCategory = z.object({
  /** What `POST /api/tickets/purchase` takes as `category`. */
  code: z.string(),
  name: z.string(),
  ...priceFields,
  capacity: z.number().int(),
  seatsLeft: z.number().int(),
  soldOut: z.boolean(),
});

const eventFields = {
  id: z.string(),
  clubId: z.string(),
  title: z.string(),
  venue: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  status: eventStatus,
};

export const ticketEvent = z.object({
  ...eventFields,
  /** Scheduled and not started yet: tickets can be bought. */
  onSale: z.boolean(),
  categories: z.array(ticketCategory),
});

/** valid: can enter; redeemed: already scanned at the gate; revoked: invalidated by an admin; cancelled: refunded. */
export const ticketStatus = z.enum(['valid', 'redeemed', 'revoked', 'cancelled']);

export const ticket = z.object({
  id: z.string(),
  eventId: z.string(),
  event: z.object(eventFields),
  category: z.string(),
  categoryName: z.string(),
  ...priceFields,
  status: ticketStatus,
  purchasedAt: z.string(),
  /** Window in which the signed token is valid (its nbf / exp claims). */
  validFrom: z.string(),
  validUntil: z.string(),
  redeemedAt: z.string().nullable(),
  /** The wallet transaction that paid for it (GET /api/wallet/transactions/:id). */
  transactionId: z.string().nullable(),
  /** For a cancelled ticket: whether the refund reached the wallet yet. */
  refunded: z.boolean(),
});

const exampleEventFields = {
  id: '1',
  clubId: 'psg',
  title: 'PSG - OM',
  venue: 'Parc des Princes',
  startsAt: '2026-03-01T20:00:00.000Z',
  endsAt: '2026-03-02T00:00:00.000Z',
  status: 'scheduled' as const,
};

export const exampleEvent = {
  ...exampleEventFields,
  onSale: true,
  categories: [
    { code: 'standard', name: 'Standard', price: 45, priceMinor: 4500, currency: 'EUR', capacity: 30_000, seatsLeft: 1_204, soldOut: false },
    { code: 'premium', name: 'Premium', price: 89.99, priceMinor: 8999, currency: 'EUR', capacity: 2_000, seatsLeft: 57, soldOut: false },
  ],
} satisfies z.output<typeof ticketEvent>;

export const exampleTicket = {
  id: '2b7e1516-28ae-4d2a-abf7-158809cf4f3c',
  eventId: '1',
  event: exampleEventFields,
  category: 'premium',
  categoryName: 'Premium',
  price: 89.99,
  priceMinor: 8999,
  currency: 'EUR',
  status: 'valid',
  purchasedAt: '2026-02-20T12:00:00.000Z',
  validFrom: '2026-03-01T16:00:00.000Z',
  validUntil: '2026-03-02T00:00:00.000Z',
  redeemedAt: null,
  transactionId: '6d8f0a2c-4e6b-4d8f-a1c3-e5f7a9b1c3d5',
  refunded: false,
} satisfies z.output<typeof ticket>;

export const exampleTicketToken = 'eyJhbGciOiJFZERTQSIsImtpZCI6InRrLTIwMjYtMDEifQ.eyJ0aWQiOiIyYjdlMTUxNiIsImV2dCI6IjEifQ.c2lnbmF0dXJl';
