import { z } from 'zod';
import { defineEvent, type EventContract } from '../events.js';
import { cursor, nonEmptyString, pageLimit, uuid } from '../fields.js';
import { currency, majorAmount, minorAmount, moneyAmount } from '../money.js';
import { defineOperation, type Operation } from '../operation.js';

/**
 * Ticketing (seed 003, "Billetterie"): club events with seat categories, paid
 * through the wallet, delivered as QR codes that carry an Ed25519-signed token
 * a scanner can verify offline. The four seed routes keep their paths and
 * bodies (`getEvents(club)`, `purchaseTicket(eventId, category, price)`,
 * `getMyTickets()`, `getTicketQR(id)`); everything else is added.
 */

/** Highest price of one ticket, in minor units: 10,000.00, the wallet's default ceiling for one charge. */
export const MAX_TICKET_PRICE_MINOR = 1_000_000;
/** Seats in one category. */
export const MAX_CATEGORY_CAPACITY = 200_000;

const slugMessage = (max: number) => `must be 1-${max} characters of A-Z a-z 0-9 _ -`;

/** A string field whose "missing" and "wrong type" errors read differently. */
const text = () => z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') });

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

const dateTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2026-03-01T20:00:00Z' });

const ticketPrice = () => moneyAmount({ maxMinor: MAX_TICKET_PRICE_MINOR });

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

const adminLimit = { max: 120, timeWindowMs: 60_000 };

// ---------------------------------------------------------------- public and fans

// ---------------------------------------------------------------- examples shown in /docs

const exampleEventFields = {
  id: '1',
  clubId: 'psg',
  title: 'PSG - OM',
  venue: 'Parc des Princes',
  startsAt: '2026-03-01T20:00:00.000Z',
  endsAt: '2026-03-02T00:00:00.000Z',
  status: 'scheduled' as const,
};

const exampleEvent = {
  ...exampleEventFields,
  onSale: true,
  categories: [
    { code: 'standard', name: 'Standard', price: 45, priceMinor: 4500, currency: 'EUR', capacity: 30_000, seatsLeft: 1_204, soldOut: false },
    { code: 'premium', name: 'Premium', price: 89.99, priceMinor: 8999, currency: 'EUR', capacity: 2_000, seatsLeft: 57, soldOut: false },
  ],
} satisfies z.output<typeof ticketEvent>;

const exampleTicket = {
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

const exampleTicketToken = 'eyJhbGciOiJFZERTQSIsImtpZCI6InRrLTIwMjYtMDEifQ.eyJ0aWQiOiIyYjdlMTUxNiIsImV2dCI6IjEifQ.c2lnbmF0dXJl';
const exampleQrDataUrl = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==';

export const listEvents = defineOperation({
  name: 'tickets.listEvents',
  service: 'tickets',
  summary: 'Upcoming events (optionally of one club), each with its categories, prices and seats left',
  auth: 'public',
  http: { method: 'GET', path: '/api/tickets/events' },
  input: z.object({ club: clubId.optional(), limit: pageLimit(100, 50), cursor }),
  output: z.object({ events: z.array(ticketEvent), nextCursor: z.string().nullable() }),
  tags: ['tickets'],
  examples: { input: { club: 'psg', limit: 50 }, output: { events: [exampleEvent], nextCursor: null } },
});

export const getEvent = defineOperation({
  name: 'tickets.getEvent',
  service: 'tickets',
  summary: 'One event with its categories (404 when unknown)',
  auth: 'public',
  http: { method: 'GET', path: '/api/tickets/events/:eventId' },
  input: z.object({ eventId }),
  output: ticketEvent,
  tags: ['tickets'],
  examples: { input: { eventId: '1' }, output: exampleEvent },
});

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

export const myTickets = defineOperation({
  name: 'tickets.myTickets',
  service: 'tickets',
  summary: "The signed-in user's tickets, newest first (cursor pagination)",
  auth: 'user',
  http: { method: 'GET', path: '/api/tickets/my-tickets' },
  input: z.object({ limit: pageLimit(100, 50), cursor }),
  output: z.object({ tickets: z.array(ticket), nextCursor: z.string().nullable() }),
  tags: ['tickets'],
  examples: { input: { limit: 50 }, output: { tickets: [exampleTicket], nextCursor: null } },
});

export const ticketQr = defineOperation({
  name: 'tickets.qr',
  service: 'tickets',
  summary: 'QR code of one of your tickets: a PNG with `Accept: image/png`, otherwise JSON with a data URL and the signed token (404 for anyone else)',
  auth: 'user',
  http: { method: 'GET', path: '/api/tickets/:id/qr', binary: { field: 'qrPng', contentType: 'image/png' } },
  input: z.object({ id: uuid }),
  output: z.object({
    ticketId: z.string(),
    /** The signed ticket token the QR code encodes (docs/services/tickets.md). */
    token: z.string(),
    qrDataUrl: z.string(),
    /** The same PNG, base64; sent as raw bytes when the request asks for image/png. */
    qrPng: z.string(),
    ticket,
  }),
  tags: ['tickets'],
  examples: {
    input: { id: exampleTicket.id },
    output: {
      ticketId: exampleTicket.id,
      token: exampleTicketToken,
      qrDataUrl: exampleQrDataUrl,
      qrPng: exampleQrDataUrl.split(',')[1],
      ticket: exampleTicket,
    },
  },
});

export const signingKey = z.object({
  kid: z.string(),
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  alg: z.literal('EdDSA'),
  use: z.literal('sig'),
  /** Raw 32-byte public key, base64url (JWK). */
  x: z.string(),
  publicKeyPem: z.string(),
  /** active: signs new tokens; retired: still verifies tokens it signed. */
  status: z.enum(['active', 'retired']),
});

export const keys = defineOperation({
  name: 'tickets.keys',
  service: 'tickets',
  summary: 'Public keys that verify ticket tokens offline (a JWK set; several during a rotation)',
  auth: 'public',
  http: { method: 'GET', path: '/api/tickets/keys' },
  input: z.object({}),
  output: z.object({ keys: z.array(signingKey) }),
  tags: ['tickets'],
  examples: {
    input: {},
    output: {
      keys: [
        {
          kid: 'tk-2026-01',
          kty: 'OKP',
          crv: 'Ed25519',
          alg: 'EdDSA',
          use: 'sig',
          x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
          publicKeyPem: '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n-----END PUBLIC KEY-----\n',
          status: 'active',
        },
      ],
    },
  },
});

// ---------------------------------------------------------------- venue staff

export const checkInRefusal = z.enum([
  'already_redeemed',
  'revoked',
  'cancelled',
  'invalid_token',
  'invalid_signature',
  'wrong_event',
  'not_yet_valid',
  'expired',
  'unknown_ticket',
]);

export const checkIn = defineOperation({
  name: 'tickets.checkIn',
  service: 'tickets',
  summary:
    'Scan a ticket at the gate (staff or admin). Always 200 with accepted true/false and a reason; the same nonce again returns the same answer and counts once',
  auth: 'user',
  // Per account: a gate device is a staff account, sized for a gate (50 scans a second); fans cannot check in at all.
  http: { method: 'POST', path: '/api/tickets/check-in', rateLimit: { max: 60, timeWindowMs: 60_000, staffMax: 3_000 } },
  input: z.strictObject({
    token: text().trim().min(1, 'must not be empty').max(2_048, 'must be at most 2048 characters'),
    /** One per scan, chosen by the scanner (e.g. a UUID): a retried scan reuses it. */
    nonce: text().regex(/^[A-Za-z0-9._:-]{8,128}$/, 'must be 8-128 characters of A-Z a-z 0-9 . _ : -'),
    /** The event this gate admits to; a ticket for another event is refused (wrong_event). */
    eventId: eventId.optional(),
  }),
  output: z.object({
    accepted: z.boolean(),
    reason: checkInRefusal.nullable(),
    nonce: z.string(),
    scannedAt: z.string(),
    ticket: z
      .object({
        id: z.string(),
        eventId: z.string(),
        category: z.string(),
        holderId: z.string(),
        status: ticketStatus,
        redeemedAt: z.string().nullable(),
      })
      .nullable(),
  }),
  tags: ['tickets'],
  examples: {
    input: { token: exampleTicketToken, nonce: '6f1c2d4e-scan-0001', eventId: '1' },
    output: {
      accepted: true,
      reason: null,
      nonce: '6f1c2d4e-scan-0001',
      scannedAt: '2026-03-01T19:12:44.000Z',
      ticket: {
        id: exampleTicket.id,
        eventId: '1',
        category: 'premium',
        holderId: '00000000-0000-4000-8000-000000000001',
        status: 'redeemed',
        redeemedAt: '2026-03-01T19:12:44.000Z',
      },
    },
  },
});

// ---------------------------------------------------------------- admin

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

// ---------------------------------------------------------------- events

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

export const ticketsOperations: readonly Operation[] = [
  listEvents,
  getEvent,
  purchase,
  myTickets,
  ticketQr,
  keys,
  checkIn,
  adminCreateEvent,
  adminAddCategory,
  adminUpdateCategory,
  adminCancelEvent,
  adminRevokeTicket,
  adminCancelTicket,
];
export const ticketsEvents: readonly EventContract[] = [ticketPurchased, ticketCancelled];
