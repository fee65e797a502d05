import { z } from 'zod';
import { cursor, isoDateTime, pageLimit, uuid } from '../../fields.js';
import { currency, majorAmount, minorAmount, moneyAmount } from '../../money.js';
import { QUEUES } from '../../queues.js';
import { defineOperation } from '../../operation.js';
import { exampleLine, lineFields } from './shared.js';

/** BullMQ queue of the shop's purchase recovery job (docs/checkout.md). */
export const PURCHASE_RECOVERY_QUEUE = QUEUES.shopPurchaseRecovery;

export const orderStatus = z.enum(['pending', 'confirmed', 'failed', 'refunding', 'refunded']);

export const order = z.object({
  id: z.string(),
  /** pending: payment not settled yet; confirmed: paid; failed: not charged; refunding/refunded: charged then refunded. */
  status: orderStatus,
  items: z.array(z.object(lineFields)),
  itemCount: z.number().int(),
  total: majorAmount,
  totalMinor: minorAmount,
  currency,
  /** The wallet transfer that paid for it. */
  transferId: z.string().nullable(),
  failure: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: isoDateTime,
  settledAt: isoDateTime.nullable(),
});

const exampleOrder = {
  id: '9c2e4f6a-8b0d-4e1f-a3c5-7d9e1f3a5b7c',
  status: 'confirmed',
  items: [exampleLine],
  itemCount: 2,
  total: 179.8,
  totalMinor: 17980,
  currency: 'EUR',
  transferId: '4e6a8c0e-2b4d-4f6a-8c0e-2b4d6f8a0c2e',
  failure: null,
  createdAt: '2026-03-01T18:30:00.000Z',
  settledAt: '2026-03-01T18:30:01.000Z',
} satisfies z.output<typeof order>;

export const checkout = defineOperation({
  name: 'shop.checkout',
  service: 'shop',
  summary:
    'Pay for the cart from the wallet. `total` must equal the server total (409 PRICE_CHANGED with the current one); 400 empty cart; 409 OUT_OF_STOCK; 402 insufficient funds (cart kept)',
  auth: 'user',
  http: { method: 'POST', path: '/api/shop/checkout', successStatus: 201, rateLimit: { max: 30, timeWindowMs: 60_000 } },
  idempotent: true,
  // Reserve, wallet debit and confirm: give the saga room beyond one NATS hop.
  timeoutMs: 15_000,
  // 0 is the total of an empty cart: the shop answers that the cart is empty, not that 0 is not an amount.
  input: z.strictObject({ total: moneyAmount({ allowZero: true }) }),
  output: z.object({ success: z.literal(true), order }),
  tags: ['shop'],
  examples: { input: { total: '179.80' }, output: { success: true, order: exampleOrder } },
});

export const listOrders = defineOperation({
  name: 'shop.listOrders',
  service: 'shop',
  summary: "The signed-in user's orders, newest first (cursor pagination)",
  auth: 'user',
  http: { method: 'GET', path: '/api/shop/orders' },
  input: z.object({ limit: pageLimit(100, 20), cursor }),
  output: z.object({ orders: z.array(order), nextCursor: z.string().nullable() }),
  tags: ['shop'],
  examples: { input: { limit: 20 }, output: { orders: [exampleOrder], nextCursor: null } },
});

export const getOrder = defineOperation({
  name: 'shop.getOrder',
  service: 'shop',
  summary: 'One order of the signed-in user (404 for anyone else)',
  auth: 'user',
  http: { method: 'GET', path: '/api/shop/orders/:id' },
  input: z.object({ id: uuid }),
  output: order,
  tags: ['shop'],
  examples: { input: { id: exampleOrder.id }, output: exampleOrder },
});
