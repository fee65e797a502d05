import { SimulatedCrash } from '@platform/checkout';
import { PLATFORM_START_TIMEOUT_MS } from '@platform/testkit/commerce';
import { waitFor } from '@platform/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ShopHarness, startShopHarness } from './harness.js';

describe('a shop process dying between the debit and the confirm', () => {
  let h: ShopHarness;
  // Every purchase "crashes" once, right after its real debit, as a process killed at that point would.
  const crashed = new Set<string>();
  /** When set, the crashed process also "stays down" for two hours: the order ages past PURCHASE_MAX_CHARGE_AGE_MS. */
  let downForHours = false;
  beforeAll(async () => {
    h = await startShopHarness(
      // The real recovery job: a BullMQ scheduler every 300 ms; orders older than 1 s are its to settle.
      { PURCHASE_RECOVERY_ENABLED: 'true', PURCHASE_RECOVERY_INTERVAL_MS: '300', PURCHASE_RECOVERY_GRACE_MS: '1000' },
      {
        faults: {
          afterDebit: async (purchase) => {
            if (crashed.has(purchase.id)) return;
            crashed.add(purchase.id);
            if (downForHours) await h.sql.query(`UPDATE "${h.schema}".purchases SET created_at = now() - interval '2 hours' WHERE id = $1`, [purchase.id]);
            throw new SimulatedCrash();
          },
        },
      },
    );
  }, 2 * PLATFORM_START_TIMEOUT_MS);
  afterAll(async () => h?.close());

  it('ends confirmed with exactly one charge: the recovery job finishes the order', async () => {
    const fan = await h.platform.newUser('30.00');
    const product = await h.newProduct({ price: '12.00', stock: 3 });
    await h.addToCart(fan, product, 2);

    const res = await h.api.post('/api/shop/checkout', { total: 24 }, fan.token);
    expect(res.status).toBe(500); // the process "died" before it could answer
    expect(await h.platform.balanceMinor(fan)).toBe(600); // ...after the money left

    const [orderId] = [...crashed].slice(-1);
    const order = await waitFor(
      async () => {
        const view = await h.api.get(`/api/shop/orders/${orderId}`, fan.token);
        return view.body.status === 'confirmed' && view.body;
      },
      { timeoutMs: 20_000, what: 'the recovery job to confirm the order' },
    );
    expect(order).toMatchObject({ totalMinor: 2400, itemCount: 2 });
    expect(await h.platform.balanceMinor(fan)).toBe(600);
    expect(await h.platform.purchases(fan)).toEqual([expect.objectContaining({ type: 'payment', reference: orderId, amountMinor: 2400 })]);
    expect(await h.stock(product)).toBe(1);
    expect((await h.api.get('/api/shop/cart', fan.token)).body.items).toEqual([]);
  });

  it('ends refunded when the order stayed unsettled past the charge window: money, stock and cart all back', async () => {
    const fan = await h.platform.newUser('30.00');
    const product = await h.newProduct({ price: '9.00', stock: 2 });
    await h.addToCart(fan, product, 1);
    downForHours = true;
    try {
      expect((await h.api.post('/api/shop/checkout', { total: 9 }, fan.token)).status).toBe(500);
    } finally {
      downForHours = false;
    }
    const [orderId] = [...crashed].slice(-1);
    expect(await h.platform.balanceMinor(fan)).toBe(2100);

    const order = await waitFor(
      async () => {
        const view = await h.api.get(`/api/shop/orders/${orderId}`, fan.token);
        return view.body.status === 'refunded' && view.body;
      },
      { timeoutMs: 20_000, what: 'the recovery job to refund the order' },
    );
    expect(order.failure).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(await h.platform.balanceMinor(fan)).toBe(3000);
    expect((await h.platform.purchases(fan)).map((t) => t.type)).toEqual(['refund', 'payment']);
    expect(await h.stock(product)).toBe(2);
    expect((await h.api.get('/api/shop/cart', fan.token)).body.items).toEqual([expect.objectContaining({ productId: product, quantity: 1 })]);
  });
});
