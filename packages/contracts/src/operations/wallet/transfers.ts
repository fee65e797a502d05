import { z } from 'zod';
import { email, uuid, withoutNul } from '../../fields.js';
import { moneyAmount } from '../../money.js';
import { defineOperation } from '../../operation.js';
import { MONEY_TIMEOUT_MS, balanceFields, exampleTransfer, walletTransaction } from './shared.js';

const walletLimit = { max: 120, timeWindowMs: 60_000 };

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
