import { z } from 'zod';
import { nonEmptyString, uuid } from '../../fields.js';
import { currency, majorAmount, minorAmount, moneyAmount } from '../../money.js';
import { defineOperation } from '../../operation.js';
import { MONEY_TIMEOUT_MS, merchant } from './shared.js';

const idempotencyKey = z.string({ error: 'must be a string' }).regex(/^[A-Za-z0-9._:-]{1,200}$/, 'must be 1-200 characters of A-Z a-z 0-9 . _ : -');

/** Charges a user for a purchase (shop, tickets, esim). Retrying with the same key never charges twice. */
export const debit = defineOperation({
  name: 'wallet.debit',
  service: 'wallet',
  summary: 'Charge a user on behalf of a merchant service (internal, NATS only)',
  auth: 'internal',
  timeoutMs: MONEY_TIMEOUT_MS,
  input: z.strictObject({
    userId: uuid,
    amount: moneyAmount(),
    merchant,
    /** The merchant's own id for the purchase (order id, ticket id...). */
    reference: nonEmptyString(200),
    idempotencyKey,
    /** What was bought, for spending insights (e.g. "jersey", "match-ticket", "data-plan"). */
    category: nonEmptyString(64).optional(),
  }),
  output: z.object({
    transferId: z.string(),
    status: z.literal('completed'),
    userId: z.string(),
    merchant,
    reference: z.string(),
    amount: majorAmount,
    amountMinor: minorAmount,
    currency,
    /** The user's balance right after the charge. */
    balance: majorAmount,
    balanceMinor: minorAmount,
    createdAt: z.string(),
  }),
});

/** Refunds a debit in full, once. Name the debit by transferId or by the idempotencyKey it was charged with. */
export const refund = defineOperation({
  name: 'wallet.refund',
  service: 'wallet',
  summary: 'Refund a charge in full, once (internal, NATS only)',
  auth: 'internal',
  timeoutMs: MONEY_TIMEOUT_MS,
  input: z
    .strictObject({
      transferId: uuid.optional(),
      idempotencyKey: idempotencyKey.optional(),
      /** The merchant that charged: a service can only refund its own charges. */
      merchant,
      reason: nonEmptyString(200),
    })
    .refine((v) => (v.transferId === undefined) !== (v.idempotencyKey === undefined), {
      message: 'give exactly one of transferId or idempotencyKey',
      path: ['transferId'],
    }),
  output: z.object({
    refundId: z.string(),
    /** The refunded debit. */
    transferId: z.string(),
    status: z.literal('refunded'),
    userId: z.string(),
    merchant,
    amount: majorAmount,
    amountMinor: minorAmount,
    currency,
    /** The user's balance right after the refund. */
    balance: majorAmount,
    balanceMinor: minorAmount,
    reason: z.string().nullable(),
    createdAt: z.string(),
  }),
});
