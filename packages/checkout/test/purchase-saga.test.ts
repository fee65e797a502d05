import { DomainError } from '@platform/contracts';
import { PLATFORM_START_TIMEOUT_MS } from '@platform/testkit/commerce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PurchaseRecord } from '../src/index.js';
import { type CheckoutHarness, startCheckoutHarness } from './widget-shop.js';

/** The refusal a purchase threw, for assertions. */
async function refusalOf(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the purchase to be refused');
}

describe('the purchase saga against the real wallet', () => {
  let h: CheckoutHarness;
  beforeAll(async () => {
    h = await startCheckoutHarness();
  }, 2 * PLATFORM_START_TIMEOUT_MS);
  afterAll(async () => h?.close());

  it('reserves, charges once with <merchant>:order:<id> and confirms', async () => {
    await h.addWidget('w-happy', 1250, 3);
    const fan = await h.platform.newUser('50.00');
    const saga = h.saga();

    const order = await saga.purchase({ userId: fan.user.id, request: { widgetId: 'w-happy', quantity: 2 } });

    expect(order).toMatchObject({ status: 'confirmed', amountMinor: 2500, chargeKey: `shop:order:${order.id}`, category: 'widget', userId: fan.user.id });
    expect(order.transferId).toEqual(expect.any(String));
    expect(await h.stock('w-happy')).toBe(1);
    expect(await h.widgetOrder(order.id)).toEqual({ delivered: true, released: false });
    expect(await h.platform.balanceMinor(fan)).toBe(2500);
    const charges = await h.platform.purchases(fan);
    expect(charges).toEqual([{ id: order.transferId, type: 'payment', amountMinor: 2500, reference: order.id, refundOf: null }]);
  });

  it('refuses with 402 and the balance when the user cannot pay: nothing charged, stock back, and a retry with the key gets the same 402', async () => {
    await h.addWidget('w-dear', 4000, 2);
    const fan = await h.platform.newUser('10.00');
    const saga = h.saga();
    const idempotency = { key: 'dear-1', fingerprint: { widget: 'w-dear' } };

    const refusal = await refusalOf(saga.purchase({ userId: fan.user.id, request: { widgetId: 'w-dear', quantity: 1 }, idempotency }));
    expect(refusal).toMatchObject({ code: 'INSUFFICIENT_FUNDS', status: 402 });
    expect(refusal.details).toMatchObject({ balanceMinor: 1000, totalMinor: 4000, status: 'failed', orderId: expect.any(String) });
    expect(refusal.message).toContain('40.00 EUR');
    const orderId = refusal.details!.orderId as string;
    expect(await saga.find(orderId)).toMatchObject({ status: 'failed', transferId: null, failure: { code: 'INSUFFICIENT_FUNDS' } });
    expect(await h.stock('w-dear')).toBe(2);
    expect(await h.widgetOrder(orderId)).toEqual({ delivered: false, released: true });

    const replay = await refusalOf(saga.purchase({ userId: fan.user.id, request: { widgetId: 'w-dear', quantity: 1 }, idempotency }));
    expect(replay.details).toMatchObject({ orderId, status: 'failed' });
    expect(await h.stock('w-dear')).toBe(2);
    expect(await h.platform.balanceMinor(fan)).toBe(1000);
    expect(await h.platform.purchases(fan)).toEqual([]);
  });

  it('turns concurrent retries with one Idempotency-Key into one purchase and one charge; the key with another request is a 409', async () => {
    await h.addWidget('w-retry', 300, 10);
    const fan = await h.platform.newUser('20.00');
    const saga = h.saga();
    const idempotency = { key: 'double-tap', fingerprint: { widget: 'w-retry', quantity: 1 } };

    const orders = await Promise.all(
      Array.from({ length: 8 }, () => saga.purchase({ userId: fan.user.id, request: { widgetId: 'w-retry', quantity: 1 }, idempotency })),
    );
    expect(new Set(orders.map((o) => o.id)).size).toBe(1);
    expect(orders.every((o) => o.status === 'confirmed')).toBe(true);
    expect(await h.stock('w-retry')).toBe(9);
    expect(await h.platform.balanceMinor(fan)).toBe(1700);

    const reused = await refusalOf(
      saga.purchase({ userId: fan.user.id, request: { widgetId: 'w-retry', quantity: 2 }, idempotency: { key: 'double-tap', fingerprint: { quantity: 2 } } }),
    );
    expect(reused).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', status: 409 });
    // Keys belong to one user: another user's identical key is another purchase.
    const other = await h.platform.newUser('5.00');
    const theirs = await saga.purchase({ userId: other.user.id, request: { widgetId: 'w-retry', quantity: 1 }, idempotency });
    expect(theirs.id).not.toBe(orders[0].id);
    expect(await h.stock('w-retry')).toBe(8);
  });

  it('never oversells: 20 buyers racing for 4 widgets make exactly 4 purchases and 4 charges', async () => {
    await h.addWidget('w-rare', 500, 4);
    const fans = await h.platform.newUsers(20, '10.00');
    const saga = h.saga();

    const outcomes = await Promise.allSettled(fans.map((fan) => saga.purchase({ userId: fan.user.id, request: { widgetId: 'w-rare', quantity: 1 } })));

    const bought = outcomes.filter((o): o is PromiseFulfilledResult<PurchaseRecord> => o.status === 'fulfilled');
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(bought).toHaveLength(4);
    expect(refused.every((o) => o.reason instanceof DomainError && o.reason.status === 409)).toBe(true);
    expect(await h.stock('w-rare')).toBe(0);
    const balances = await Promise.all(fans.map((fan) => h.platform.balanceMinor(fan)));
    expect(balances.filter((b) => b === 500)).toHaveLength(4);
    expect(balances.filter((b) => b === 1000)).toHaveLength(16);
  });

  it('leaves the purchase pending with 503 and its id when the wallet cannot be reached; a retry with the key finishes it once the wallet is back', async () => {
    await h.addWidget('w-offline', 700, 5);
    const fan = await h.platform.newUser('10.00');
    const idempotency = { key: 'offline-1', fingerprint: { widget: 'w-offline' } };

    const down = h.saga({ wallet: h.unreachableWallet() });
    const refusal = await refusalOf(down.purchase({ userId: fan.user.id, request: { widgetId: 'w-offline', quantity: 1 }, idempotency }));
    expect(refusal).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503, details: { status: 'pending' } });
    const orderId = refusal.details!.orderId as string;
    expect(await down.find(orderId)).toMatchObject({ status: 'pending' });
    expect(await h.stock('w-offline')).toBe(4);

    const up = h.saga();
    const order = await up.purchase({ userId: fan.user.id, request: { widgetId: 'w-offline', quantity: 1 }, idempotency });
    expect(order).toMatchObject({ id: orderId, status: 'confirmed' });
    expect(await h.platform.balanceMinor(fan)).toBe(300);
    expect(await h.stock('w-offline')).toBe(4);
  });

  it('refunds a charge whose goods can never be delivered: refunding -> refunded, stock back, balance restored', async () => {
    await h.addWidget('w-closed', 900, 2);
    const fan = await h.platform.newUser('10.00');
    h.hooks.prepareOutcome = 'permanent-failure';
    try {
      const refusal = await refusalOf(h.saga().purchase({ userId: fan.user.id, request: { widgetId: 'w-closed', quantity: 1 } }));
      expect(refusal).toMatchObject({ code: 'CONFLICT', details: { reason: 'FACTORY_CLOSED', status: 'refunded' } });
      expect(refusal.message).toContain('9.00 EUR is refunded');
      const order = await h.saga().find(refusal.details!.orderId as string);
      expect(order).toMatchObject({ status: 'refunded', transferId: expect.any(String), refundId: expect.any(String) });
    } finally {
      h.hooks.prepareOutcome = 'ok';
    }
    expect(await h.stock('w-closed')).toBe(2);
    expect(await h.platform.balanceMinor(fan)).toBe(1000);
    expect((await h.platform.purchases(fan)).map((t) => t.type)).toEqual(['refund', 'payment']);
  });

  it('lists a user’s purchases newest first with a cursor, and hides them from everyone else', async () => {
    await h.addWidget('w-list', 100, 10);
    const fan = await h.platform.newUser('10.00');
    const saga = h.saga();
    const made: string[] = [];
    for (let i = 0; i < 3; i++) made.push((await saga.purchase({ userId: fan.user.id, request: { widgetId: 'w-list', quantity: 1 } })).id);

    const first = await saga.listForUser(fan.user.id, { limit: 2 });
    expect(first.items.map((p) => p.id)).toEqual([made[2], made[1]]);
    const second = await saga.listForUser(fan.user.id, { limit: 2, cursor: first.nextCursor! });
    expect(second).toMatchObject({ items: [{ id: made[0] }], nextCursor: null });

    const stranger = await h.platform.newUser();
    expect(await saga.findForUser(made[0], stranger.user.id)).toBeUndefined();
    expect(await saga.findForUser(made[0], fan.user.id)).toMatchObject({ id: made[0] });
    expect((await saga.listForUser(stranger.user.id, { limit: 10 })).items).toEqual([]);
  });
});
