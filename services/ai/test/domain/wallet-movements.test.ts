import { describe, expect, it } from 'vitest';
import { movementsOf, type TransferCompleted } from '../../src/domain/wallet-movements.js';

const fan = '00000000-0000-4000-8000-0000000000f1';
const friend = '00000000-0000-4000-8000-0000000000f2';
const transfer = (overrides: Partial<TransferCompleted>): TransferCompleted => ({
  transferId: 't-1',
  kind: 'debit',
  amountMinor: 1999,
  amount: '19.99',
  currency: 'EUR',
  fromUserId: fan,
  toUserId: null,
  merchant: 'shop',
  reference: 'order-1',
  category: 'jersey',
  reversesTransferId: null,
  occurredAt: '2026-03-10T12:00:00.000Z',
  ...overrides,
});

describe('movementsOf: a transfer as each fan sees it', () => {
  it('a debit is the payer’s payment, a refund the payer’s refund, a deposit the fan’s deposit', () => {
    expect(movementsOf(transfer({}))).toEqual([
      expect.objectContaining({
        userId: fan,
        kind: 'payment',
        amountMinor: 1999,
        merchant: 'shop',
        category: 'jersey',
        occurredAt: new Date('2026-03-10T12:00:00Z'),
      }),
    ]);
    expect(movementsOf(transfer({ kind: 'refund', fromUserId: null, toUserId: fan, reversesTransferId: 't-0' }))).toEqual([
      expect.objectContaining({ userId: fan, kind: 'refund', reversesTransferId: 't-0' }),
    ]);
    expect(movementsOf(transfer({ kind: 'deposit', fromUserId: null, toUserId: fan, merchant: null }))).toEqual([
      expect.objectContaining({ userId: fan, kind: 'deposit', counterpartyUserId: null }),
    ]);
  });

  it('a send is two movements: the sender’s send and the recipient’s receive', () => {
    const sides = movementsOf(transfer({ kind: 'send', toUserId: friend, merchant: null, category: null }));
    expect(sides.map((m) => [m.userId, m.kind, m.counterpartyUserId])).toEqual([
      [fan, 'send', friend],
      [friend, 'receive', fan],
    ]);
  });

  it('system accounts produce nothing', () => {
    expect(movementsOf(transfer({ kind: 'debit', fromUserId: null }))).toEqual([]);
  });
});
