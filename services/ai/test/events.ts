import type { esim, PayloadOf, shop, tickets, wallet } from '@platform/contracts';
import { formatMinor } from '@platform/contracts';
import { randomUUID } from 'node:crypto';

/**
 * Payloads exactly as the owning services publish them (the contracts' zod
 * schemas check them again when they are published), with test-chosen facts.
 */

export interface TestProduct {
  id: string;
  name: string;
  category: string;
  clubId: string;
  priceMinor: number;
}

export const product = (name: string, category: string, clubId: string, priceMinor: number): TestProduct => ({
  id: randomUUID(),
  name,
  category,
  clubId,
  priceMinor,
});

export function orderPlaced(userId: string, products: readonly TestProduct[], occurredAt = new Date()): PayloadOf<typeof shop.orderPlaced> {
  const clubs = new Set(products.map((p) => p.clubId));
  return {
    orderId: randomUUID(),
    userId,
    clubId: clubs.size === 1 ? [...clubs][0] : null,
    items: products.map((p) => ({ productId: p.id, name: p.name, category: p.category, clubId: p.clubId, quantity: 1, unitPriceMinor: p.priceMinor })),
    totalMinor: products.reduce((sum, p) => sum + p.priceMinor, 0),
    currency: 'EUR',
    transferId: randomUUID(),
    occurredAt: occurredAt.toISOString(),
  };
}

export function ticketPurchased(userId: string, eventId: string, clubId: string, priceMinor = 4500): PayloadOf<typeof tickets.ticketPurchased> {
  return {
    ticketId: randomUUID(),
    userId,
    eventId,
    clubId,
    category: 'standard',
    priceMinor,
    price: formatMinor(priceMinor),
    currency: 'EUR',
    occurredAt: new Date().toISOString(),
    transferId: randomUUID(),
  };
}

export function ticketCancelled(purchase: PayloadOf<typeof tickets.ticketPurchased>): PayloadOf<typeof tickets.ticketCancelled> {
  const { transferId: _paidWith, ...fields } = purchase;
  return { ...fields, occurredAt: new Date().toISOString(), reason: 'cancelled by an admin' };
}

export function esimActivated(userId: string, planId: string, planName: string, totalMinor = 1990): PayloadOf<typeof esim.activated> {
  const now = new Date();
  return {
    esimId: randomUUID(),
    orderId: randomUUID(),
    userId,
    clubId: null,
    planId,
    planName,
    countries: ['FR', 'ES'],
    dataMb: 10_240,
    validityDays: 30,
    totalMinor,
    currency: 'EUR',
    transferId: randomUUID(),
    iccid: '8933000000000000001',
    activatedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
    occurredAt: now.toISOString(),
  };
}

type Transfer = PayloadOf<typeof wallet.transferCompleted>;

const transfer = (fields: Partial<Transfer> & Pick<Transfer, 'kind' | 'amountMinor'>, occurredAt: Date): Transfer => ({
  transferId: randomUUID(),
  amount: formatMinor(fields.amountMinor),
  currency: 'EUR',
  fromUserId: null,
  toUserId: null,
  merchant: null,
  reference: null,
  category: null,
  reversesTransferId: null,
  occurredAt: occurredAt.toISOString(),
  ...fields,
});

export const walletTransfers = {
  deposit: (userId: string, amountMinor: number, at = new Date()) => transfer({ kind: 'deposit', amountMinor, toUserId: userId }, at),
  debit: (userId: string, amountMinor: number, merchant: 'shop' | 'tickets' | 'esim', category: string | null, at = new Date()) =>
    transfer({ kind: 'debit', amountMinor, fromUserId: userId, merchant, category, reference: `ref-${randomUUID()}` }, at),
  /** A refund as the wallet publishes it: merchant set, no category; the debit it reverses carries that. */
  refund: (debit: Transfer, at = new Date()) =>
    transfer(
      { kind: 'refund', amountMinor: debit.amountMinor, toUserId: debit.fromUserId, merchant: debit.merchant, reversesTransferId: debit.transferId },
      at,
    ),
  send: (fromUserId: string, toUserId: string, amountMinor: number, at = new Date()) => transfer({ kind: 'send', amountMinor, fromUserId, toUserId }, at),
};
