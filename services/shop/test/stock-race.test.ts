import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_START_TIMEOUT_MS } from '@platform/testkit/commerce';
import { type ShopHarness, startShopHarness } from './harness.js';

describe('checkout under a rush: never oversold, never charged for nothing', () => {
  let h: ShopHarness;
  beforeAll(async () => {
    h = await startShopHarness();
  }, 2 * PLATFORM_START_TIMEOUT_MS);
  afterAll(async () => h?.close());

  it('100 fans racing for a product with stock 5 get exactly 5 orders and 5 charges; the other 95 get 409 OUT_OF_STOCK', { timeout: 300_000 }, async () => {
    const product = await h.newProduct({ price: '25.00', stock: 5, name: 'Signed jersey' });
    const fans = await h.platform.newUsers(100, '50.00');
    for (const fan of fans) await h.addToCart(fan, product, 1);

    const responses = await Promise.all(fans.map((fan) => h.api.post('/api/shop/checkout', { total: '25.00' }, fan.token)));

    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 409)).toHaveLength(95);
    for (const refused of responses.filter((r) => r.status === 409)) {
      expect(refused.body.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'OUT_OF_STOCK', productId: product, available: 0 } });
    }
    expect(await h.stock(product)).toBe(0);

    // The wallet's side: exactly the 5 winners paid, once each, for their own order.
    // Read one user at a time: these checks are not the race, and a burst of 200 reads would only measure the machine.
    const payments = [];
    for (const fan of fans) payments.push(await h.platform.purchases(fan));
    const winners = responses.flatMap((r, i) => (r.status === 201 ? [i] : []));
    expect(payments.flat()).toHaveLength(5);
    for (const i of winners) {
      expect(payments[i]).toEqual([expect.objectContaining({ type: 'payment', amountMinor: 2500, reference: responses[i].body.order.id })]);
    }
    const { rows } = await h.sql.query(`SELECT status, count(*)::int AS n FROM "${h.schema}".purchases GROUP BY status`);
    expect(rows).toEqual([{ status: 'confirmed', n: 5 }]);
    // The losers keep their cart: the product is still in it, now unavailable.
    const loser = fans[statuses.indexOf(409)];
    expect((await h.api.get('/api/shop/cart', loser.token)).body.items).toEqual([expect.objectContaining({ productId: product, available: false })]);
  });
});
