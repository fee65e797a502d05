import { z } from 'zod';
import { DomainError } from '../errors.js';
import { defineEvent, type EventContract } from '../events.js';
import { hasNul, NUL_REFUSED } from '../fields.js';
import { defineOperation } from '../operation.js';
import { findText } from '../validation.js';

/**
 * Orders snapshot service (seed 000): the photo-orders front end posts the
 * pending orders of an event; a JSON snapshot per event lands in object storage
 * at orders/<event_id>/pending_orders.json. Paths, bodies, the 400
 * `{error: 'event_id et orders requis'}` and the French success message are the
 * seed's public contract. Errors use the seed's flat style: {error: "...", code, field}.
 */

/** The seed's own refusal, kept word for word for the cases the seed refuses. */
export const SEED_MISSING_FIELDS_MESSAGE = 'event_id et orders requis';

/** No slash, no `..`: the id becomes part of an object key. */
export const EVENT_ID_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9_-]|\.(?!\.)){0,127}$/;

export const snapshotObjectKey = (eventId: string) => `orders/${eventId}/pending_orders.json`;

const eventId = z.string({ error: 'must be a string' }).regex(EVENT_ID_PATTERN, "must be 1-128 letters, digits, '-', '_' or '.', with no '/' and no '..'");

/**
 * An order is the front end's object, kept as sent; only `order_id` is
 * required (it is the dedupe key). It is stored as jsonb, which cannot hold a
 * NUL character anywhere in it.
 */
export const order = z
  .looseObject({
    order_id: z
      .string({ error: 'is required: every order needs a string order_id' })
      .trim()
      .min(1, 'must not be empty')
      .max(200, 'must be at most 200 characters'),
  })
  .superRefine((value, ctx) => {
    const path = findText(value, hasNul);
    if (path) ctx.addIssue({ code: 'custom', path, message: NUL_REFUSED });
  });

/** Refuses, with the seed's exact message, what the seed refuses: a missing event_id, or orders that are not an array. */
function seedPrecondition(raw: unknown): unknown {
  const body = (raw ?? {}) as Record<string, unknown>;
  if (typeof body !== 'object' || Array.isArray(body) || !body.event_id) {
    throw new DomainError('VALIDATION_FAILED', SEED_MISSING_FIELDS_MESSAGE, { field: 'event_id' });
  }
  if (!Array.isArray(body.orders)) throw new DomainError('VALIDATION_FAILED', SEED_MISSING_FIELDS_MESSAGE, { field: 'orders' });
  return raw;
}

export const snapshotBody = z.object({
  event_id: z.string(),
  snapshot_version: z.number(),
  generated_at: z.string(),
  count: z.number(),
  orders: z.array(z.looseObject({ order_id: z.string() })),
});

// ---------------------------------------------------------------- examples shown in /docs

const exampleOrder = {
  order_id: 'order_7f3a9c',
  event_id: 'BJ025',
  client_name: 'Dupont Jean',
  items: [{ photo_id: 'IMG_0412', format: '13x18', quantity: 2 }],
  status: 'pending',
};

export const postSnapshot = defineOperation({
  name: 'orders-snapshot.postSnapshot',
  service: 'orders-snapshot',
  summary: "Add an event's orders to its snapshot (orders/<event_id>/pending_orders.json); answers once they are in a written snapshot",
  auth: 'api-key',
  errorStyle: 'flat',
  http: { method: 'POST', path: '/api/orders/snapshot', rateLimit: { max: 120, timeWindowMs: 60_000 } },
  // Waiting for the group commit (R2 allows ~1 write/s per key) takes longer than a plain request.
  timeoutMs: 30_000,
  input: z.preprocess(
    seedPrecondition,
    z.object({
      event_id: eventId,
      orders: z.array(order).max(1000, 'must have at most 1000 orders per request'),
    }),
  ),
  output: z.object({
    message: z.string().describe('Snapshot v<N> créé'),
    event_id: z.string(),
    new_orders: z.number().describe('Orders of this request that were not in the snapshot yet (duplicates are not counted)'),
    total_orders: z.number(),
    snapshot_version: z.number(),
  }),
  tags: ['orders-snapshot'],
  examples: {
    input: { event_id: 'BJ025', orders: [exampleOrder] },
    output: { message: 'Snapshot v3 créé', event_id: 'BJ025', new_orders: 1, total_orders: 42, snapshot_version: 3 },
  },
});

/** A snapshot too large for one reply: a short-lived presigned URL of the object (the gateway answers 307 to it). */
export const snapshotRedirect = z.object({
  redirect_url: z.string().describe('Presigned GET of orders/<event_id>/pending_orders.json in the private bucket'),
  expires_in: z.number().describe('Seconds the URL stays valid'),
});

export const getSnapshot = defineOperation({
  name: 'orders-snapshot.getSnapshot',
  service: 'orders-snapshot',
  summary:
    "The current snapshot of an event, as stored in the private bucket. Needs an administrator's token or the orders API key (names, emails and phones). Large snapshots answer 307 to a short-lived presigned URL of the object",
  auth: 'admin-or-api-key',
  errorStyle: 'flat',
  http: { method: 'GET', path: '/api/orders/snapshot/:event_id', redirect: { field: 'redirect_url' } },
  input: z.strictObject({ event_id: eventId }),
  output: z.union([snapshotBody, snapshotRedirect]),
  tags: ['orders-snapshot'],
  examples: {
    input: { event_id: 'BJ025' },
    output: { event_id: 'BJ025', snapshot_version: 3, generated_at: '2026-03-01T18:30:00.000Z', count: 1, orders: [exampleOrder] },
  },
});

export const ordersSnapshotOperations = [postSnapshot, getSnapshot] as const;

export const snapshotUpdated = defineEvent({
  subject: 'evt.orders.snapshot.updated',
  version: 1,
  summary: 'A new version of an event snapshot was written to object storage',
  publisher: 'orders-snapshot',
  example: {
    event_id: 'gala-2026',
    snapshot_version: 3,
    count: 42,
    new_orders: 5,
    key: 'orders/gala-2026/pending_orders.json',
    generated_at: '2026-12-07T09:30:00.000Z',
  },
  payload: z.object({
    event_id: z.string(),
    snapshot_version: z.number(),
    count: z.number(),
    new_orders: z.number().describe('Orders added since the previous version'),
    key: z.string(),
    generated_at: z.string(),
  }),
});

export const ordersSnapshotEvents: readonly EventContract[] = [snapshotUpdated];
