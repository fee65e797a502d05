import { ordersSnapshot } from '@platform/contracts';
import { adminSession } from '@platform/testkit/admin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { order, type SnapshotHarness, startSnapshotHarness } from './harness.js';

const key = ordersSnapshot.snapshotObjectKey;

/** About 1 KB per order, like the seed's orders with a few items and client details. */
const bigOrder = (id: string) =>
  order(id, {
    client_phone: '0612345678',
    items: Array.from({ length: 6 }, (_, i) => ({ photo_id: `IMG_${id}_${i}`, format: '13x18', quantity: 1 + i, note: 'tirage mat, bord blanc' })),
    comment: 'x'.repeat(300),
  });

describe('orders snapshot: an event of 3,000 orders reads whole', () => {
  let h: SnapshotHarness;
  let adminToken: string;
  beforeAll(async () => {
    h = await startSnapshotHarness();
    adminToken = (await adminSession(h.api, h.namespace)).token;
    for (let batch = 0; batch < 6; batch++) {
      const orders = Array.from({ length: 500 }, (_, i) => bigOrder(`o${batch * 500 + i}`));
      const res = await h.api.post('/api/orders/snapshot', { event_id: 'STADIUM', orders });
      expect(res.status).toBe(200);
    }
  });
  afterAll(async () => h?.close());

  it('answers 307 to a short-lived presigned URL of the private object, not a 504', async () => {
    const size = (await h.bucket.private.head(key('STADIUM')))!.contentLength!;
    expect(size).toBeGreaterThan(3_000_000);
    const res = await fetch(`${h.api.baseUrl}/api/orders/snapshot/STADIUM`, { headers: { authorization: `Bearer ${adminToken}` }, redirect: 'manual' });
    expect(res.status).toBe(307);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const location = new URL(res.headers.get('location')!);
    expect(location.pathname).toBe(`/${h.bucket.private.bucket}/orders/STADIUM/pending_orders.json`);
    expect(location.searchParams.get('X-Amz-Expires')).toBe('60');
    expect(location.searchParams.get('X-Amz-Signature')).toBeTruthy();
  });

  it('gives the whole snapshot to a client that follows the redirect, as fetch does', async () => {
    const res = await h.api.get('/api/orders/snapshot/STADIUM', adminToken);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ event_id: 'STADIUM', count: 3000 });
    expect(new Set(res.body.orders.map((o: { order_id: string }) => o.order_id)).size).toBe(3000);
  });

  it('still refuses anonymous readers before any URL is made', async () => {
    const res = await fetch(`${h.api.baseUrl}/api/orders/snapshot/STADIUM`, { redirect: 'manual' });
    expect(res.status).toBe(401);
    expect(res.headers.get('location')).toBeNull();
  });
});

describe("orders snapshot: moving from seed 000's endpoint loses no order", () => {
  let h: SnapshotHarness;
  beforeAll(async () => {
    h = await startSnapshotHarness();
  });
  afterAll(async () => h?.close());

  /** The object as the seed's endpoint writes it: pretty JSON, no platform metadata. */
  const seedObject = (eventId: string, version: number, orders: object[]) =>
    JSON.stringify({ event_id: eventId, snapshot_version: version, generated_at: '2026-01-21T10:30:00.000Z', count: orders.length, orders }, null, 2);

  it('adopts the orders of a v7 object and continues with "Snapshot v8 créé"', async () => {
    const legacy = [order('old1'), order('old2'), { client_name: 'Sans Identifiant', items: [] }];
    await h.bucket.private.put(key('BJ025'), seedObject('BJ025', 7, legacy), 'application/json');
    const res = await h.api.post('/api/orders/snapshot', { event_id: 'BJ025', orders: [order('old2'), order('new1')] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ message: 'Snapshot v8 créé', snapshot_version: 8, new_orders: 1, total_orders: 4 });
    const stored = JSON.parse(await h.bucket.private.text(key('BJ025')));
    expect(stored.snapshot_version).toBe(8);
    expect(stored.orders.map((o: { order_id: string }) => o.order_id).slice(0, 2)).toEqual(['old1', 'old2']);
    // The seed kept an order without order_id: it stays, with an id made from its content.
    expect(stored.orders[2]).toMatchObject({ client_name: 'Sans Identifiant', order_id: expect.stringMatching(/^legacy-[0-9a-f]{24}$/) });
    expect(stored.orders[3].order_id).toBe('new1');
    // Later posts go on from there; the object is never adopted twice.
    const next = await h.api.post('/api/orders/snapshot', { event_id: 'BJ025', orders: [order('new2')] });
    expect(next.body).toMatchObject({ message: 'Snapshot v9 créé', total_orders: 5 });
  });

  it('adopts a seed object left in the public bucket, then removes it from there', async () => {
    await h.bucket.put(key('PUB1'), seedObject('PUB1', 4, [order('a'), order('b')]), 'application/json');
    await h.bucket.put('orders/PUB1/pending_orders.tmp.json', seedObject('PUB1', 4, [order('a'), order('b')]), 'application/json');
    const res = await h.api.post('/api/orders/snapshot', { event_id: 'PUB1', orders: [order('c')] });
    expect(res.body).toMatchObject({ message: 'Snapshot v5 créé', new_orders: 1, total_orders: 3 });
    expect(JSON.parse(await h.bucket.private.text(key('PUB1'))).count).toBe(3);
    expect(await h.bucket.keys('orders/')).toEqual([]);
  });

  it('adopts once when the first posts of an event race', async () => {
    await h.bucket.private.put(key('RACE'), seedObject('RACE', 2, [order('r0')]), 'application/json');
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => h.api.post('/api/orders/snapshot', { event_id: 'RACE', orders: [order(`r${i + 1}`)] })),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const stored = JSON.parse(await h.bucket.private.text(key('RACE')));
    expect(stored.count).toBe(11);
    expect(stored.snapshot_version).toBeGreaterThan(2);
    expect(new Set(stored.orders.map((o: { order_id: string }) => o.order_id)).size).toBe(11);
  });
});
