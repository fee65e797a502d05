import { z } from 'zod';
import { defineEvent, type EventContract } from '../events.js';
import { cursor, email, nonEmptyString, pageLimit, uuid, withoutNul } from '../fields.js';
import { currency, majorAmount, minorAmount, moneyAmount } from '../money.js';
import { defineOperation, type Operation } from '../operation.js';

/**
 * The wallet: a double-entry ledger in euros. HTTP routes follow the seed
 * (003, PaieCashFan): GET balance, GET transactions, POST send, POST deposit.
 * Shop, tickets and esim charge and refund over NATS with the internal
 * operations below; each call is idempotent on its key.
 */

/** Services that sell through the wallet; each gets one merchant account. */
export const merchants = ['shop', 'tickets', 'esim'] as const;
export const merchant = z.enum(merchants, { error: `must be one of ${merchants.join(', ')}` });

/** How a transaction looks from the wallet owner's side. */
export const transactionType = z.enum(['deposit', 'send', 'receive', 'payment', 'refund'], {
  error: 'must be one of deposit, send, receive, payment, refund',
});

export const counterparty = z.object({
  kind: z.enum(['user', 'merchant', 'funding']),
  /** User id or merchant name; null for the funding source. */
  id: z.string().nullable(),
  /** Display name when known (a user's name, a merchant's name). */
  name: z.string().nullable(),
});

export const walletTransaction = z.object({
  /** The transfer id: both parties of a transfer see the same id, each with their own side. */
  id: z.string(),
  type: transactionType,
  direction: z.enum(['in', 'out']),
  /** Signed, in major units: negative when money left the wallet. */
  amount: majorAmount,
  amountMinor: minorAmount,
  currency,
  counterparty,
  note: z.string().nullable(),
  reference: z.string().nullable(),
  /** For a refund, the transfer it reverses. */
  refundOf: z.string().nullable(),
  timestamp: z.string(),
  /** Balance of this wallet right after this transaction. */
  runningBalance: majorAmount,
  runningBalanceMinor: minorAmount,
});

const balanceFields = {
  balance: majorAmount,
  balanceMinor: minorAmount,
  currency,
};

const walletLimit = { max: 120, timeWindowMs: 60_000 };

/**
 * Deadline for operations that move money. A timeout leaves the caller unsure
 * whether money moved, which is worse than a slow answer, so these wait longer
 * than the 5 s default; a transfer still queued when its deadline passes is not made.
 */
const MONEY_TIMEOUT_MS = 15_000;

// ---------------------------------------------------------------- examples shown in /docs

const exampleTransfer = {
  id: '7d4f8a2e-1b3c-4d5e-8f60-718293a4b5c6',
  type: 'send',
  direction: 'out',
  amount: -12.5,
  amountMinor: -1250,
  currency: 'EUR',
  counterparty: { kind: 'user', id: '00000000-0000-4000-8000-000000000002', name: 'Alice Martin' },
  note: 'Match tickets',
  reference: null,
  refundOf: null,
  timestamp: '2026-03-01T18:30:00.000Z',
  runningBalance: 137.5,
  runningBalanceMinor: 13750,
} satisfies z.output<typeof walletTransaction>;

const exampleDeposit = {
  ...exampleTransfer,
  id: '0b9e6c1d-2f3a-4b5c-9d7e-8f9012a3b4c5',
  type: 'deposit',
  direction: 'in',
  amount: 50,
  amountMinor: 5000,
  counterparty: { kind: 'funding', id: null, name: null },
  note: null,
  reference: 'dev_0b9e6c1d',
  runningBalance: 150,
  runningBalanceMinor: 15000,
} satisfies z.output<typeof walletTransaction>;

export const myBalance = defineOperation({
  name: 'wallet.myBalance',
  service: 'wallet',
  summary: 'Balance of the signed-in user',
  auth: 'user',
  http: { method: 'GET', path: '/api/wallet/balance' },
  // Query strings stay lenient (cache busters); bodies are strict.
  input: z.object({}),
  output: z.object(balanceFields),
  tags: ['wallet'],
  examples: { input: {}, output: { balance: 137.5, balanceMinor: 13750, currency: 'EUR' } },
});

export const myTransactions = defineOperation({
  name: 'wallet.myTransactions',
  service: 'wallet',
  summary: "The signed-in user's transactions, newest first (cursor pagination)",
  auth: 'user',
  http: { method: 'GET', path: '/api/wallet/transactions' },
  input: z.object({ limit: pageLimit(100, 20), cursor, type: transactionType.optional() }),
  output: z.object({ transactions: z.array(walletTransaction), nextCursor: z.string().nullable() }),
  tags: ['wallet'],
  examples: { input: { limit: 20, type: 'send' }, output: { transactions: [exampleTransfer], nextCursor: null } },
});

export const myTransaction = defineOperation({
  name: 'wallet.myTransaction',
  service: 'wallet',
  summary: 'One transaction of the signed-in user (404 for anyone else)',
  auth: 'user',
  http: { method: 'GET', path: '/api/wallet/transactions/:id' },
  input: z.object({ id: uuid }),
  output: walletTransaction,
  tags: ['wallet'],
  examples: { input: { id: exampleTransfer.id }, output: exampleTransfer },
});

const note = withoutNul(z.string({ error: 'must be a string' }).trim().max(140, 'must be at most 140 characters')).optional();

export const send = defineOperation({
  name: 'wallet.send',
  service: 'wallet',
  summary: 'Send money to another user, by id or email (402 with the balance when it is not enough)',
  auth: 'user',
  http: { method: 'POST', path: '/api/wallet/send', rateLimit: walletLimit },
  idempotent: true,
  timeoutMs: MONEY_TIMEOUT_MS,
  input: z
    .strictObject({
      recipientId: uuid.optional(),
      recipientEmail: email.optional(),
      amount: moneyAmount(),
      note,
    })
    .refine((v) => (v.recipientId === undefined) !== (v.recipientEmail === undefined), {
      message: 'give exactly one of recipientId or recipientEmail',
      path: ['recipientId'],
    }),
  output: z.object({ success: z.literal(true), transaction: walletTransaction, ...balanceFields }),
  tags: ['wallet'],
  examples: {
    input: { recipientId: '00000000-0000-4000-8000-000000000002', amount: 12.5, note: 'Match tickets' },
    output: { success: true, transaction: exampleTransfer, balance: 137.5, balanceMinor: 13750, currency: 'EUR' },
  },
});

export const deposit = defineOperation({
  name: 'wallet.deposit',
  service: 'wallet',
  summary: 'Add money from the funding provider (the development provider settles at once)',
  auth: 'user',
  http: { method: 'POST', path: '/api/wallet/deposit', rateLimit: walletLimit },
  idempotent: true,
  timeoutMs: MONEY_TIMEOUT_MS,
  input: z.strictObject({ amount: moneyAmount() }),
  output: z.object({
    success: z.literal(true),
    /** completed: credited now; pending: the provider settles later through its callback. */
    status: z.enum(['completed', 'pending']),
    providerReference: z.string(),
    transaction: walletTransaction.nullable(),
    ...balanceFields,
  }),
  tags: ['wallet'],
  examples: {
    input: { amount: '50.00' },
    output: {
      success: true,
      status: 'completed',
      providerReference: 'dev_0b9e6c1d',
      transaction: exampleDeposit,
      balance: 150,
      balanceMinor: 15000,
      currency: 'EUR',
    },
  },
});

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

export const balance = defineOperation({
  name: 'wallet.balance',
  service: 'wallet',
  summary: "A user's balance (internal, NATS only)",
  auth: 'internal',
  input: z.strictObject({ userId: uuid }),
  output: z.object({ userId: z.string(), ...balanceFields }),
});

export const transferKind = z.enum(['send', 'deposit', 'debit', 'refund']);

/**
 * One per completed transfer, written to the outbox in the same transaction.
 * The AI service builds spending insights from these (merchant, category, reference).
 */
export const transferCompleted = defineEvent({
  subject: 'evt.wallet.transfer.completed',
  version: 1,
  summary: 'Money moved between two accounts of the ledger',
  publisher: 'wallet',
  example: {
    transferId: '0f8fad5b-d9cb-469f-a165-70867728950e',
    kind: 'debit',
    amountMinor: 8999,
    amount: '89.99',
    currency: 'EUR',
    fromUserId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    toUserId: null,
    merchant: 'tickets',
    reference: 'ticket 9b2e7c1a-3f4d-4e5a-8b6c-7d8e9f0a1b2c',
    category: 'tickets',
    reversesTransferId: null,
    occurredAt: '2026-12-07T09:30:00.000Z',
  },
  payload: z.object({
    transferId: z.string(),
    kind: transferKind,
    amountMinor: z.number().int().positive(),
    /** Exact decimal text in major units, e.g. "12.50". */
    amount: z.string(),
    currency,
    /** User ids when a user's wallet is on that side; null for system accounts. */
    fromUserId: z.string().nullable(),
    toUserId: z.string().nullable(),
    merchant: merchant.nullable(),
    reference: z.string().nullable(),
    category: z.string().nullable(),
    /** For a refund, the debit it reverses. */
    reversesTransferId: z.string().nullable(),
    occurredAt: z.string(),
  }),
});

export const walletOperations: readonly Operation[] = [myBalance, myTransactions, myTransaction, send, deposit, debit, refund, balance];
export const walletEvents: readonly EventContract[] = [transferCompleted];
