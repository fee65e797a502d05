import { describe, expect, it } from 'vitest';
import { cancellationOfTicket, type OrderPlaced, purchaseOfEsim, purchaseOfTicket, purchasesOfOrder } from '../../src/domain/purchases.js';

const order: OrderPlaced = {
  orderId: 'o-1',
  userId: 'u-1',
  clubId: 'psg',
  items: [
    { productId: 'p-b', name: 'Scarf', category: 'scarf', clubId: 'psg', quantity: 1, unitPriceMinor: 1990 },
    { productId: 'p-a', name: 'Home jersey', category: 'jersey', clubId: 'psg', quantity: 1, unitPriceMinor: 8990 },
    { productId: 'p-b', name: 'Scarf', category: 'scarf', clubId: 'psg', quantity: 2, unitPriceMinor: 1990 },
  ],
  totalMinor: 8990 + 3 * 1990,
  currency: 'EUR',
  transferId: 't-1',
  occurredAt: '2026-03-01T10:00:00Z',
};

const ticket = {
  ticketId: 'tk-1',
  userId: 'u-1',
  eventId: 'psg-om',
  clubId: 'psg',
  category: 'premium',
  priceMinor: 8999,
  price: '89.99',
  currency: 'EUR' as const,
  occurredAt: '2026-03-02T10:00:00Z',
  transferId: 't-2',
};

describe('purchases from commerce events', () => {
  it('one purchase per product of an order, repeated lines merged, in product order', () => {
    const batch = purchasesOfOrder(order);
    expect(batch.purchases.map((p) => [p.itemId, p.quantity, p.amountMinor])).toEqual([
      ['p-a', 1, 8990],
      ['p-b', 3, 5970],
    ]);
    expect(batch.purchases.reduce((sum, p) => sum + p.amountMinor, 0)).toBe(order.totalMinor);
    expect(batch.items.map((i) => [i.kind, i.id, i.name, i.clubId, i.category])).toEqual([
      ['product', 'p-a', 'Home jersey', 'psg', 'jersey'],
      ['product', 'p-b', 'Scarf', 'psg', 'scarf'],
    ]);
  });

  it('a ticket is a purchase of its event, named by its title when the event carries one', () => {
    expect(purchaseOfTicket(ticket).items[0]).toMatchObject({ kind: 'event', id: 'psg-om', name: 'Event psg-om', startsAt: null });
    const titled = purchaseOfTicket({ ...ticket, eventTitle: 'PSG - OM', eventStartsAt: '2026-04-01T20:00:00Z' });
    expect(titled.items[0]).toMatchObject({ name: 'PSG - OM', startsAt: new Date('2026-04-01T20:00:00Z') });
    expect(titled.purchases[0]).toMatchObject({ source: 'ticket', sourceId: 'tk-1', itemId: 'psg-om', amountMinor: 8999, cancelledAt: null });
  });

  it('a cancellation is the same purchase row, marked cancelled', () => {
    const { transferId: _t, ...fields } = ticket;
    const cancelled = cancellationOfTicket({ ...fields, occurredAt: '2026-03-05T10:00:00Z', reason: 'event cancelled' });
    expect(cancelled.purchases[0]).toMatchObject({ source: 'ticket', sourceId: 'tk-1', itemId: 'psg-om', cancelledAt: new Date('2026-03-05T10:00:00Z') });
  });

  it('an eSIM activation is a purchase of its plan', () => {
    const batch = purchaseOfEsim({
      esimId: 'e-1',
      orderId: 'eo-1',
      userId: 'u-1',
      clubId: null,
      planId: 'plan-eu',
      planName: 'Europe 10 GB',
      countries: ['FR'],
      dataMb: 10240,
      validityDays: 30,
      totalMinor: 1990,
      currency: 'EUR',
      transferId: 't-3',
      iccid: '8933',
      activatedAt: '2026-03-03T10:00:00Z',
      expiresAt: '2026-04-02T10:00:00Z',
      occurredAt: '2026-03-03T10:00:00Z',
    });
    expect(batch.purchases[0]).toMatchObject({ itemKind: 'esim_plan', itemId: 'plan-eu', amountMinor: 1990 });
    expect(batch.items[0]).toMatchObject({ name: 'Europe 10 GB', clubId: null, category: 'data-plan' });
  });
});
