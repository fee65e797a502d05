import { ordersSnapshot } from '@platform/contracts';
import { waitFor } from '@platform/testkit';
import { adminSession } from '@platform/testkit/admin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricValue, order, type SnapshotHarness, startSnapshotHarness } from './harness.js';

const key = ordersSnapshot.snapshotObjectKey;

describe('orders snapshot: the seed contract through the gateway', () => {
  let h: SnapshotHarness;
  beforeAll(async () => {
    h = await startSnapshotHarness();
  });
  afterAll(async () => h?.close());

  it('writes orders/<event_id>/pending_orders.json as the seed does and answers with its message', async () => {
    const res = await h.api.post('/api/orders/snapshot', { event_id: 'BJ025', orders: [order('order_1'), order('order_2')] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: 'Snapshot v1 créé', event_id: 'BJ025', new_orders: 2, total_orders: 2, snapshot_version: 1 });

    // Names, emails and phones: in the private bucket, never in the public one the CDN serves.
    expect(await h.bucket.keys()).toEqual([]);
    const head = await h.bucket.private.head(key('BJ025'));
    expect(head?.contentType).toBe('application/json');
    expect(head?.cacheControl).toBe('no-cache');
    const stored = JSON.parse(await h.bucket.private.text(key('BJ025')));
    expect(Object.keys(stored)).toEqual(['event_id', 'snapshot_version', 'generated_at', 'count', 'orders']);
    expect(stored).toMatchObject({ event_id: 'BJ025', snapshot_version: 1, count: 2 });
    expect(new Date(stored.generated_at).toISOString()).toBe(stored.generated_at);
    // Orders are kept as sent, every field included.
    expect(stored.orders).toEqual([order('order_1'), order('order_2')]);
  });

  it('appends new orders after the existing ones and counts only the new ones', async () => {
    await h.api.post('/api/orders/snapshot', { event_id: 'EV-append', orders: [order('a'), order('b')] });
    const res = await h.api.post('/api/orders/snapshot', { event_id: 'EV-append', orders: [order('b'), order('c'), order('c')] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ message: 'Snapshot v2 créé', new_orders: 1, total_orders: 3, snapshot_version: 2 });
    const stored = JSON.parse(await h.bucket.private.text(key('EV-append')));
    expect(stored.orders.map((o: { order_id: string }) => o.order_id)).toEqual(['a', 'b', 'c']);
  });

  it('keeps the first copy of an order repeated within one body', async () => {
    const res = await h.api.post('/api/orders/snapshot', {
      event_id: 'EV-dupes',
      orders: [order('x', { status: 'first' }), order('x', { status: 'second' }), order('y')],
    });
    expect(res.body).toMatchObject({ new_orders: 2, total_orders: 2 });
    const stored = JSON.parse(await h.bucket.private.text(key('EV-dupes')));
    expect(stored.orders).toEqual([order('x', { status: 'first' }), order('y')]);
  });

  it('a repost adds nothing and writes nothing', async () => {
    const body = { event_id: 'EV-repost', orders: [order('r1'), order('r2')] };
    const first = await h.api.post('/api/orders/snapshot', body);
    const writesBefore = await metricValue(h.instances, 'orders_snapshot_object_writes_total');
    const again = await h.api.post('/api/orders/snapshot', body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ new_orders: 0, total_orders: 2, snapshot_version: first.body.snapshot_version });
    expect(await metricValue(h.instances, 'orders_snapshot_object_writes_total')).toBe(writesBefore);
  });

  it('an empty list creates the snapshot of a new event, like the seed', async () => {
    const res = await h.api.post('/api/orders/snapshot', { event_id: 'EV-empty', orders: [] });
    expect(res.body).toMatchObject({ message: 'Snapshot v1 créé', new_orders: 0, total_orders: 0 });
    expect(JSON.parse(await h.bucket.private.text(key('EV-empty')))).toMatchObject({ count: 0, orders: [] });
  });

  it('GET returns the current snapshot to an administrator, and 404 for an unknown event', async () => {
    await h.api.post('/api/orders/snapshot', { event_id: 'EV-get', orders: [order('g1')] });
    const admin = await adminSession(h.api, h.namespace);
    const res = await h.api.get('/api/orders/snapshot/EV-get', admin.token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ event_id: 'EV-get', snapshot_version: 1, count: 1, orders: [order('g1')] });
    const missing = await h.api.get('/api/orders/snapshot/EV-never-posted', admin.token);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'NOT_FOUND' });
    expect(typeof missing.body.error).toBe('string');
  });

  it('publishes evt.orders.snapshot.updated for each written version', async () => {
    await h.api.post('/api/orders/snapshot', { event_id: 'EV-events', orders: [order('e1')] });
    await h.api.post('/api/orders/snapshot', { event_id: 'EV-events', orders: [order('e2'), order('e3')] });
    const events = await waitFor(() => {
      const mine = h.events.filter((e) => e.data.event_id === 'EV-events');
      return mine.length === 2 ? mine : undefined;
    });
    expect(events.map((e) => e.data)).toEqual([
      expect.objectContaining({ snapshot_version: 1, count: 1, new_orders: 1, key: key('EV-events') }),
      expect.objectContaining({ snapshot_version: 2, count: 3, new_orders: 2 }),
    ]);
    expect(events[0]).toMatchObject({ subject: 'evt.orders.snapshot.updated', v: 1 });
  });

  it('reports object storage, Postgres and NATS in /ready and counts writes in /metrics', async () => {
    const ready = await h.instances[0].http.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks).toMatchObject({ 'object-storage': { status: 'up' }, postgres: { status: 'up' }, nats: { status: 'up' } });
    expect(await metricValue(h.instances, 'orders_snapshot_object_writes_total')).toBeGreaterThan(0);
  });
});

describe('orders snapshot: bad bodies', () => {
  let h: SnapshotHarness;
  beforeAll(async () => {
    h = await startSnapshotHarness();
  });
  afterAll(async () => h?.close());

  it("refuses the seed's own cases with its exact message, and writes nothing", async () => {
    const cases: unknown[] = [
      { orders: [order('o1')] },
      { event_id: '', orders: [] },
      { event_id: 'EV1' },
      { event_id: 'EV1', orders: 'not an array' },
      { event_id: 'EV1', orders: { order_id: 'o1' } },
      [{ event_id: 'EV1', orders: [] }],
    ];
    for (const body of cases) {
      const res = await h.api.post('/api/orders/snapshot', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toBe('event_id et orders requis');
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    expect(await h.bucket.private.keys()).toEqual([]);
  });

  it('refuses unsafe event ids, orders without order_id, and malformed JSON, naming the field', async () => {
    const bad = [
      { body: { event_id: '../etc', orders: [] }, field: 'event_id' },
      { body: { event_id: 'a/b', orders: [] }, field: 'event_id' },
      { body: { event_id: 'a..b', orders: [] }, field: 'event_id' },
      { body: { event_id: 'x'.repeat(200), orders: [] }, field: 'event_id' },
      { body: { event_id: 42, orders: [] }, field: 'event_id' },
      { body: { event_id: 'EV1', orders: [{ client_name: 'no id' }] }, field: 'orders[0].order_id' },
      { body: { event_id: 'EV1', orders: [order('ok'), { order_id: '' }] }, field: 'orders[1].order_id' },
      { body: { event_id: 'EV1', orders: [order('ok'), 'not an object'] }, field: 'orders[1]' },
    ];
    for (const { body, field } of bad) {
      const res = await h.api.post('/api/orders/snapshot', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', field });
      expect(res.body.error).toMatch(new RegExp(`^${field.replace(/[[\].]/g, '\\$&')}: `));
    }
    const malformed = await h.api.request('POST', '/api/orders/snapshot', { rawBody: '{"event_id": "EV1", ', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(typeof malformed.body.error).toBe('string');
    const unsafeGet = await h.api.get('/api/orders/snapshot/a..b');
    expect(unsafeGet.status).toBe(400);
    expect(await h.bucket.private.keys()).toEqual([]);
  });
});
