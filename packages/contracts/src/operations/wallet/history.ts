import { z } from 'zod';
import { cursor, pageLimit, uuid } from '../../fields.js';
import { defineOperation } from '../../operation.js';
import { balanceFields, exampleTransfer, transactionType, walletTransaction } from './shared.js';

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

export const balance = defineOperation({
  name: 'wallet.balance',
  service: 'wallet',
  summary: "A user's balance (internal, NATS only)",
  auth: 'internal',
  input: z.strictObject({ userId: uuid }),
  output: z.object({ userId: z.string(), ...balanceFields }),
});
