import { wallet } from '@platform/contracts';
import { waitFor } from '@platform/testkit';
import { streamEvents } from '@platform/testkit/nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, startWalletHarness, type WalletHarness } from './harness.js';

describe('wallet.debit / wallet.refund / wallet.balance over NATS (how shop, tickets and esim charge)', () => {
  let h: WalletHarness;
  beforeAll(async () => {
    h = await startWalletHarness();
  });
  afterAll(async () => h?.close());

  const debitInput = (user: Session, overrides: Record<string, unknown> = {}) => ({
    userId: user.user.id,
    amount: '19.99',
    merchant: 'shop',
    reference: 'order-1',
    idempotencyKey: `order-1-pay-${user.user.id}`,
    category: 'jersey',
    ...overrides,
  });
  const merchantBalance = async (merchant: string) =>
    Number(
      (await h.sql.query(`SELECT balance_minor FROM "${h.schema}".accounts WHERE kind = 'merchant' AND owner = $1`, [merchant])).rows[0]?.balance_minor ?? 0,
    );

  it('charges once when the saga retries the same key, sequentially and concurrently', async () => {
    const fan = await h.newUser();
    await h.fund(fan, 50);
    const first = await h.call(wallet.debit, debitInput(fan));
    expect(first).toMatchObject({
      ok: true,
      data: { status: 'completed', amountMinor: 1999, amount: 19.99, balanceMinor: 3001, merchant: 'shop', reference: 'order-1' },
    });
    const retries = await Promise.all(Array.from({ length: 10 }, () => h.call(wallet.debit, debitInput(fan))));
    for (const retry of retries) expect(retry).toEqual(first);
    expect(await h.balanceMinor(fan)).toBe(3001);

    const concurrentKey = { idempotencyKey: `burst-${fan.user.id}`, reference: 'order-2' };
    const burst = await Promise.all(Array.from({ length: 15 }, () => h.call(wallet.debit, debitInput(fan, concurrentKey))));
    expect(new Set(burst.map((r) => r.ok && r.data.transferId)).size).toBe(1);
    expect(await h.balanceMinor(fan)).toBe(1002);

    const shop = await h.call(wallet.balance, { userId: fan.user.id });
    expect(shop).toEqual({ ok: true, data: { userId: fan.user.id, balance: 10.02, balanceMinor: 1002, currency: 'EUR' } });
    // The user sees the charges as payments to the shop.
    const history = await h.api.get('/api/wallet/transactions?type=payment', fan.token);
    expect(history.body.transactions).toHaveLength(2);
    expect(history.body.transactions[0]).toMatchObject({
      type: 'payment',
      direction: 'out',
      counterparty: { kind: 'merchant', id: 'shop' },
      reference: 'order-2',
    });
  });

  it('refuses the same key with a different charge (409), and a charge over the balance (402)', async () => {
    const fan = await h.newUser();
    await h.fund(fan, 10);
    await h.call(wallet.debit, debitInput(fan, { amount: 5 }));
    const changed = await h.call(wallet.debit, debitInput(fan, { amount: 6 }));
    expect(changed).toMatchObject({ ok: false, error: { code: 'IDEMPOTENCY_KEY_REUSED', status: 409 } });
    const tooMuch = await h.call(wallet.debit, debitInput(fan, { amount: 6, idempotencyKey: `big-${fan.user.id}` }));
    expect(tooMuch).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_FUNDS', status: 402, details: { balanceMinor: 500 } } });
    // The same key belongs to each merchant separately.
    const tickets = await h.call(wallet.debit, debitInput(fan, { amount: 1, merchant: 'tickets' }));
    expect(tickets.ok).toBe(true);
    expect(await h.balanceMinor(fan)).toBe(400);
  });

  it('refunds in full once, by transfer id or by the charge key; a retry returns the same refund', async () => {
    const fan = await h.newUser();
    await h.fund(fan, 30);
    const shopBefore = await merchantBalance('esim');
    const charge = await h.call(wallet.debit, debitInput(fan, { amount: 12, merchant: 'esim', category: 'data-plan' }));
    expect(await h.balanceMinor(fan)).toBe(1800);

    const refund = await h.call(wallet.refund, { transferId: charge.data.transferId, merchant: 'esim', reason: 'activation failed' });
    expect(refund).toMatchObject({
      ok: true,
      data: { transferId: charge.data.transferId, status: 'refunded', amountMinor: 1200, balanceMinor: 3000, reason: 'activation failed', userId: fan.user.id },
    });
    const retries = await Promise.all([
      h.call(wallet.refund, { transferId: charge.data.transferId, merchant: 'esim', reason: 'again' }),
      h.call(wallet.refund, { idempotencyKey: debitInput(fan).idempotencyKey, merchant: 'esim', reason: 'again' }),
    ]);
    for (const retry of retries) expect(retry).toEqual(refund);
    expect(await h.balanceMinor(fan)).toBe(3000);
    expect(await merchantBalance('esim')).toBe(shopBefore);

    const history = await h.api.get('/api/wallet/transactions', fan.token);
    expect(history.body.transactions[0]).toMatchObject({ type: 'refund', direction: 'in', amountMinor: 1200, refundOf: charge.data.transferId });
  });

  it('refuses a refund of a refund (409), of another merchant (404), and of an unknown charge (404)', async () => {
    const fan = await h.newUser();
    await h.fund(fan, 30);
    const charge = await h.call(wallet.debit, debitInput(fan, { amount: 3, merchant: 'tickets' }));
    const refund = await h.call(wallet.refund, { transferId: charge.data.transferId, merchant: 'tickets', reason: 'cancelled' });

    const refundOfRefund = await h.call(wallet.refund, { transferId: refund.data.refundId, merchant: 'tickets', reason: 'sneaky' });
    expect(refundOfRefund).toMatchObject({ ok: false, error: { code: 'CONFLICT', status: 409, field: 'transferId', details: { reason: 'REFUND_OF_REFUND' } } });
    const otherMerchant = await h.call(wallet.refund, { transferId: charge.data.transferId, merchant: 'shop', reason: 'not mine' });
    expect(otherMerchant).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', status: 404, field: 'transferId' } });
    const unknown = await h.call(wallet.refund, { idempotencyKey: 'never-used', merchant: 'tickets', reason: 'x' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', status: 404, field: 'idempotencyKey' } });

    // A user-to-user send is no merchant's to refund.
    const friend = await h.newUser();
    const sent = await h.api.post('/api/wallet/send', { recipientId: friend.user.id, amount: 1 }, fan.token);
    const refundSend = await h.call(wallet.refund, { transferId: sent.body.transaction.id, merchant: 'tickets', reason: 'x' });
    expect(refundSend).toMatchObject({ ok: false, error: { status: 404 } });
    expect(await h.balanceMinor(fan)).toBe(2900);
  });

  it('publishes the charge and its refund with what spending insights need', async () => {
    const fan = await h.newUser();
    await h.fund(fan, 10);
    const charge = await h.call(wallet.debit, debitInput(fan, { amount: 4, reference: 'order-77', category: 'scarf' }));
    const refund = await h.call(wallet.refund, { transferId: charge.data.transferId, merchant: 'shop', reason: 'returned' });
    const events = await waitFor(
      async () => {
        const all = await streamEvents<any>(h.nc, h.namespace, wallet.transferCompleted.subject);
        const mine = all.filter((e) => [charge.data.transferId, refund.data.refundId].includes(e.data.transferId));
        return mine.length === 2 && mine;
      },
      { what: 'debit and refund events' },
    );
    expect(events[0].data).toMatchObject({
      kind: 'debit',
      fromUserId: fan.user.id,
      toUserId: null,
      merchant: 'shop',
      reference: 'order-77',
      category: 'scarf',
      amountMinor: 400,
    });
    expect(events[1].data).toMatchObject({
      kind: 'refund',
      fromUserId: null,
      toUserId: fan.user.id,
      reversesTransferId: charge.data.transferId,
      reference: 'order-77',
    });
  });
});
