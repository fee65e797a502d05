import { z } from 'zod';
import { defineEvent } from '../../events.js';
import { currency } from '../../money.js';
import { merchant } from './shared.js';

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
