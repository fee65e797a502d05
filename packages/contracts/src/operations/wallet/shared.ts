import { z } from 'zod';
import { currency, majorAmount, minorAmount } from '../../money.js';

/** Used by several of the wallet's use-case files; the public ones are re-exported by index.ts, the others stay inside the area. */

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

export const balanceFields = {
  balance: majorAmount,
  balanceMinor: minorAmount,
  currency,
};

/**
 * Deadline for operations that move money. A timeout leaves the caller unsure
 * whether money moved, which is worse than a slow answer, so these wait longer
 * than the 5 s default; a transfer still queued when its deadline passes is not made.
 */
export const MONEY_TIMEOUT_MS = 15_000;

export const exampleTransfer = {
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
