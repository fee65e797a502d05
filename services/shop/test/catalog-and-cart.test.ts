import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_START_TIMEOUT_MS } from '@platform/testkit/commerce';
import { type ShopHarness, startShopHarness } from './harness.js';

const PSG_HOME_JERSEY = '00000000-0000-4000-8000-00000000a101';

describe('shop catalogue, cart and admin through the gateway', () => {
  let h: ShopHarness;
  beforeAll(async () => {
    h = await startShopHarness();
  }, 2 * PLATFORM_START_TIMEOUT_MS);
  afterAll(async () => h?.close());

  it('lists the seeded catalogue by club and category, with prices, stock and images, page by page', async () => {
    const clubs = await h.api.get('/api/shop/clubs');
    expect(clubs.body.clubs.map((c: { id: string }) => c.id).sort()).toEqual(['ol', 'om', 'psg']);

    const jerseys = await h.api.get('/api/shop/products?club=psg&category=jersey');
    expect(jerseys.status).toBe(200);
    expect(jerseys.body.products).toHaveLength(2);
    expect(jerseys.body.products.find((p: { id: string }) => p.id === PSG_HOME_JERSEY)).toMatchObject({
      clubId: 'psg',
      category: 'jersey',
      price: 89.9,
      priceMinor: 8990,
      currency: 'EUR',
      stock: 50,
      inStock: true,
      images: [expect.stringMatching(/^https:\/\/.+\.jpg$/), expect.any(String)],
    });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await h.api.get(`/api/shop/products?club=om&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.products.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.products.map((p: { name: string }) => p.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect([...seen].sort()).toEqual(seen);
  });

  it('answers 404 for an unknown product and 400 naming the field for bad input', async () => {
    expect((await h.api.get('/api/shop/products/00000000-0000-4000-8000-0000000fffff')).status).toBe(404);
    const notUuid = await h.api.get('/api/shop/products/42');
    expect(notUuid).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED', field: 'id' } } });
    const badCursor = await h.api.get('/api/shop/products?cursor=nonsense');
    expect(badCursor).toMatchObject({ status: 400, body: { error: { field: 'cursor' } } });
    const badClub = await h.api.get('/api/shop/products?club=Not%20A%20Club');
    expect(badClub).toMatchObject({ status: 400, body: { error: { field: 'club' } } });
  });

  it('keeps a cart with server-computed totals: add, set quantity, remove', async () => {
    const fan = await h.platform.newUser();
    const scarf = '00000000-0000-4000-8000-00000000a103';
    expect((await h.api.post('/api/shop/cart/add', { productId: PSG_HOME_JERSEY, quantity: 2 }, fan.token)).status).toBe(200);
    const added = await h.api.post('/api/shop/cart/add', { productId: scarf }, fan.token);
    expect(added.body).toMatchObject({ success: true, itemCount: 3, total: 199.7, totalMinor: 19970 });

    const cart = await h.api.get('/api/shop/cart', fan.token);
    expect(cart.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ productId: PSG_HOME_JERSEY, quantity: 2, unitPriceMinor: 8990, lineTotalMinor: 17980, lineTotal: 179.8, available: true }),
        expect.objectContaining({ productId: scarf, quantity: 1, unitPriceMinor: 1990 }),
      ]),
    );

    const set = await h.api.request('PUT', `/api/shop/cart/items/${PSG_HOME_JERSEY}`, { body: { quantity: 1 }, token: fan.token });
    expect(set.body).toMatchObject({ itemCount: 2, totalMinor: 10980 });
    const removed = await h.api.request('DELETE', `/api/shop/cart/items/${scarf}`, { token: fan.token });
    expect(removed.body).toMatchObject({ itemCount: 1, totalMinor: 8990 });
    expect((await h.api.request('DELETE', `/api/shop/cart/items/${scarf}`, { token: fan.token })).status).toBe(404);

    // Each user has their own cart.
    const other = await h.platform.newUser();
    expect((await h.api.get('/api/shop/cart', other.token)).body).toMatchObject({ items: [], itemCount: 0, totalMinor: 0 });
  });

  it('refuses cart input that cannot be right, naming the field', async () => {
    const fan = await h.platform.newUser();
    const cases: Array<[unknown, string]> = [
      [{ productId: 'abc', quantity: 1 }, 'productId'],
      [{ productId: PSG_HOME_JERSEY, quantity: 0 }, 'quantity'],
      [{ productId: PSG_HOME_JERSEY, quantity: 1.5 }, 'quantity'],
      [{ productId: PSG_HOME_JERSEY, quantity: '2' }, 'quantity'],
      [{ productId: PSG_HOME_JERSEY, quantity: 100 }, 'quantity'],
      [{ quantity: 1 }, 'productId'],
      [{ productId: PSG_HOME_JERSEY, price: 1 }, 'price'],
    ];
    for (const [body, field] of cases) {
      const res = await h.api.post('/api/shop/cart/add', body, fan.token);
      expect({ body, status: res.status, field: res.body.error?.field }).toEqual({ body, status: 400, field });
    }
    const unknown = await h.api.post('/api/shop/cart/add', { productId: '00000000-0000-4000-8000-0000000fffff' }, fan.token);
    expect(unknown).toMatchObject({ status: 404, body: { error: { field: 'productId' } } });
    expect((await h.api.post('/api/shop/cart/add', { productId: PSG_HOME_JERSEY })).status).toBe(401);
  });

  it('refuses a cart line the stock cannot cover (409), counting what is already in the cart', async () => {
    const fan = await h.platform.newUser();
    const rare = await h.newProduct({ stock: 3 });
    await h.addToCart(fan, rare, 2);
    const tooMany = await h.api.post('/api/shop/cart/add', { productId: rare, quantity: 2 }, fan.token);
    expect(tooMany).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT', details: { reason: 'OUT_OF_STOCK', available: 3, requested: 4 } } } });
    expect((await h.api.get('/api/shop/cart', fan.token)).body.itemCount).toBe(2);
  });

  it('lets admins create, change, restock and withdraw products; others get 401/403', async () => {
    const fan = await h.platform.newUser();
    const body = { clubId: 'ol', category: 'scarf', name: 'Winter scarf', price: '15.50', stock: 4, images: ['https://cdn.example.com/ol-scarf.jpg'] };
    expect((await h.api.post('/api/shop/admin/products', body)).status).toBe(401);
    expect((await h.api.post('/api/shop/admin/products', body, fan.token)).status).toBe(403);

    const created = await h.api.post('/api/shop/admin/products', body, h.admin.token);
    expect(created).toMatchObject({ status: 201, body: { name: 'Winter scarf', priceMinor: 1550, stock: 4, active: true } });
    const id = created.body.id;

    const patched = await h.api.request('PATCH', `/api/shop/admin/products/${id}`, { body: { price: 12, name: 'Winter scarf (sale)' }, token: h.admin.token });
    expect(patched.body).toMatchObject({ priceMinor: 1200, name: 'Winter scarf (sale)', stock: 4 });
    expect((await h.api.post(`/api/shop/admin/products/${id}/stock`, { delta: 6 }, h.admin.token)).body.stock).toBe(10);
    expect((await h.api.post(`/api/shop/admin/products/${id}/stock`, { stock: 2 }, h.admin.token)).body.stock).toBe(2);
    const below = await h.api.post(`/api/shop/admin/products/${id}/stock`, { delta: -3 }, h.admin.token);
    expect(below).toMatchObject({ status: 409, body: { error: { field: 'delta', details: { stock: 2 } } } });
    const both = await h.api.post(`/api/shop/admin/products/${id}/stock`, { delta: 1, stock: 1 }, h.admin.token);
    expect(both).toMatchObject({ status: 400, body: { error: { field: 'delta' } } });

    const badClub = await h.api.post('/api/shop/admin/products', { ...body, clubId: 'nowhere' }, h.admin.token);
    expect(badClub).toMatchObject({ status: 404, body: { error: { field: 'clubId' } } });
    const badPrice = await h.api.post('/api/shop/admin/products', { ...body, price: '1.999' }, h.admin.token);
    expect(badPrice).toMatchObject({ status: 400, body: { error: { field: 'price' } } });
    const empty = await h.api.request('PATCH', `/api/shop/admin/products/${id}`, { body: {}, token: h.admin.token });
    expect(empty.status).toBe(400);

    await h.api.request('PATCH', `/api/shop/admin/products/${id}`, { body: { active: false }, token: h.admin.token });
    const listed = await h.api.get('/api/shop/products?club=ol&category=scarf');
    expect(listed.body.products.map((p: { id: string }) => p.id)).not.toContain(id);
    expect((await h.api.post('/api/shop/cart/add', { productId: id }, fan.token)).status).toBe(404);

    const club = await h.api.request('PUT', '/api/shop/admin/clubs/asse', { body: { name: 'AS Saint-Étienne' }, token: h.admin.token });
    expect(club).toMatchObject({ status: 200, body: { id: 'asse', name: 'AS Saint-Étienne' } });
  });
});
