import { shop } from '@platform/contracts';
import { PLATFORM_START_TIMEOUT_MS } from '@platform/testkit/commerce';
import { waitFor } from '@platform/testkit';
import { readStreamEvents } from '@platform/testkit/event-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ShopHarness, startShopHarness } from './harness.js';

describe('shop checkout through the gateway (purchase saga against the real wallet)', () => {
  let h: ShopHarness;
  beforeAll(async () => {
    h = await startShopHarness();
  }, 2 * PLATFORM_START_TIMEOUT_MS);
  afterAll(async () => h?.close());

  it('charges the server total once, confirms the order, takes the stock, empties the cart and publishes order.placed', async () => {
    const fan = await h.platform.newUser('100.00');
    const jersey = await h.newProduct({ price: '30.00', stock: 5, clubId: 'om', category: 'jersey' });
    const scarf = await h.newProduct({ price: '12.50', stock: 5, clubId: 'om', category: 'scarf' });
    await h.addToCart(fan, jersey, 2);
    await h.addToCart(fan, scarf, 1);

    const res = await h.api.post('/api/shop/checkout', { total: 72.5 }, fan.token);

    expect(res.status).toBe(201);
    const order = res.body.order;
    expect(order).toMatchObject({ status: 'confirmed', total: 72.5, totalMinor: 7250, currency: 'EUR', itemCount: 3, failure: null });
    expect(order.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ productId: jersey, quantity: 2, unitPriceMinor: 3000, lineTotalMinor: 6000 }),
        expect.objectContaining({ productId: scarf, quantity: 1, unitPriceMinor: 1250 }),
      ]),
    );
    expect([await h.stock(jersey), await h.stock(scarf)]).toEqual([3, 4]);
    expect(await h.platform.balanceMinor(fan)).toBe(2750);
    expect(await h.platform.purchases(fan)).toEqual([{ id: order.transferId, type: 'payment', amountMinor: 7250, reference: order.id, refundOf: null }]);
    expect((await h.api.get('/api/shop/cart', fan.token)).body.items).toEqual([]);

    const listed = await h.api.get('/api/shop/orders', fan.token);
    expect(listed.body.orders.map((o: { id: string }) => o.id)).toEqual([order.id]);
    expect((await h.api.get(`/api/shop/orders/${order.id}`, fan.token)).body).toEqual(order);

    const events = await waitFor(
      async () => {
        const all = await readStreamEvents<any>(h.platform.namespace, shop.orderPlaced.subject);
        return all.find((e) => e.data.orderId === order.id);
      },
      { what: 'evt.shop.order.placed' },
    );
    expect(events.data).toMatchObject({
      userId: fan.user.id,
      clubId: 'om',
      totalMinor: 7250,
      transferId: order.transferId,
      items: expect.arrayContaining([expect.objectContaining({ productId: jersey, category: 'jersey', quantity: 2, unitPriceMinor: 3000 })]),
    });
  });

  it('refuses a stale total with 409 PRICE_CHANGED and the current total and cart; the new total goes through', async () => {
    const fan = await h.platform.newUser('50.00');
    const cap = await h.newProduct({ price: '20.00', stock: 3 });
    await h.addToCart(fan, cap, 1);
    await h.api.request('PATCH', `/api/shop/admin/products/${cap}`, { body: { price: '22.00' }, token: h.admin.token });

    const stale = await h.api.post('/api/shop/checkout', { total: '20.00' }, fan.token);
    expect(stale).toMatchObject({
      status: 409,
      body: { error: { code: 'PRICE_CHANGED', field: 'total', details: { total: 22, totalMinor: 2200, currency: 'EUR', cart: { totalMinor: 2200 } } } },
    });
    expect(await h.stock(cap)).toBe(3);
    expect(await h.platform.balanceMinor(fan)).toBe(5000);

    const fresh = await h.api.post('/api/shop/checkout', { total: stale.body.error.details.total }, fan.token);
    expect(fresh).toMatchObject({ status: 201, body: { order: { status: 'confirmed', totalMinor: 2200 } } });
  });

  it('answers 400 for an empty cart and for a bad total, naming the field', async () => {
    const fan = await h.platform.newUser('10.00');
    expect(await h.api.post('/api/shop/checkout', { total: 10 }, fan.token)).toMatchObject({
      status: 400,
      body: { error: { code: 'BAD_REQUEST', field: 'cart' } },
    });
    // An empty cart totals 0: the answer is the shop's "cart is empty", not a refused amount.
    const emptyCart = await h.api.post('/api/shop/checkout', { total: 0 }, fan.token);
    expect(emptyCart).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST', field: 'cart' } } });
    expect(emptyCart.body.error.message).toMatch(/cart is empty/);
    for (const body of [{}, { total: 'ten' }, { total: -1 }, { total: 1.234 }, { total: 5, coupon: 'X' }]) {
      const res = await h.api.post('/api/shop/checkout', body, fan.token);
      expect({ body, status: res.status, field: res.body.error?.field }).toEqual({
        body,
        status: 400,
        field: Object.keys(body).includes('coupon') ? 'coupon' : 'total',
      });
    }
    expect(
      (await h.api.request('POST', '/api/shop/checkout', { rawBody: '{"total":', token: fan.token, headers: { 'content-type': 'application/json' } })).status,
    ).toBe(400);
  });

  it('answers 402 with the balance when the wallet cannot pay: stock released, cart kept, nothing charged', async () => {
    const fan = await h.platform.newUser('5.00');
    const mug = await h.newProduct({ price: '8.00', stock: 2 });
    await h.addToCart(fan, mug, 1);

    const res = await h.api.post('/api/shop/checkout', { total: 8 }, fan.token);

    expect(res).toMatchObject({
      status: 402,
      body: {
        error: { code: 'INSUFFICIENT_FUNDS', details: { balance: 5, balanceMinor: 500, totalMinor: 800, status: 'failed', orderId: expect.any(String) } },
      },
    });
    expect(await h.stock(mug)).toBe(2);
    expect((await h.api.get('/api/shop/cart', fan.token)).body).toMatchObject({ itemCount: 1, items: [{ productId: mug, quantity: 1 }] });
    expect(await h.platform.balanceMinor(fan)).toBe(500);
    const failed = await h.api.get(`/api/shop/orders/${res.body.error.details.orderId}`, fan.token);
    expect(failed.body).toMatchObject({ status: 'failed', transferId: null, failure: { code: 'INSUFFICIENT_FUNDS' } });

    // After a top-up, a new checkout (new key) goes through with the kept cart.
    await h.api.post('/api/wallet/deposit', { amount: 5 }, fan.token);
    expect((await h.api.post('/api/shop/checkout', { total: 8 }, fan.token)).status).toBe(201);
  });

  it('replays a retried checkout with the same Idempotency-Key: the first order, one charge, even when the retries race', async () => {
    const fan = await h.platform.newUser('40.00');
    const ball = await h.newProduct({ price: '15.00', stock: 10 });
    await h.addToCart(fan, ball, 2);
    const headers = { 'idempotency-key': `checkout-${fan.user.id}` };

    const responses = await Promise.all(Array.from({ length: 6 }, () => h.api.post('/api/shop/checkout', { total: 30 }, fan.token, headers)));

    expect(responses.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(new Set(responses.map((r) => r.body.order.id)).size).toBe(1);
    expect(await h.stock(ball)).toBe(8);
    expect(await h.platform.balanceMinor(fan)).toBe(1000);
    expect(await h.platform.purchases(fan)).toHaveLength(1);

    const otherBody = await h.api.post('/api/shop/checkout', { total: 31 }, fan.token, headers);
    expect(otherBody).toMatchObject({ status: 409, body: { error: { code: 'IDEMPOTENCY_KEY_REUSED', field: 'Idempotency-Key' } } });
  });

  it("hides another user's orders (404) and answers 404 for an unknown order", async () => {
    const owner = await h.platform.newUser('20.00');
    const snoop = await h.platform.newUser();
    const pin = await h.newProduct({ price: '3.00', stock: 5 });
    await h.addToCart(owner, pin);
    const { body } = await h.api.post('/api/shop/checkout', { total: 3 }, owner.token);

    expect((await h.api.get(`/api/shop/orders/${body.order.id}`, snoop.token)).status).toBe(404);
    expect((await h.api.get('/api/shop/orders', snoop.token)).body.orders).toEqual([]);
    expect((await h.api.get('/api/shop/orders/00000000-0000-4000-8000-000000000999', owner.token)).status).toBe(404);
    expect(await h.api.get('/api/shop/orders/not-an-id', owner.token)).toMatchObject({ status: 400, body: { error: { field: 'id' } } });
  });
});
