import { adminSession } from '@platform/testkit/admin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { order, type SnapshotHarness, startSnapshotHarness } from './harness.js';

const API_KEY = 'orders-key-0123456789abcdef';
const READ_KEY = 'orders-read-key-0123456789ab';

describe('orders snapshot with ORDERS_API_KEY set', () => {
  let h: SnapshotHarness;
  beforeAll(async () => {
    h = await startSnapshotHarness({ env: { ORDERS_API_KEY: API_KEY } });
  });
  afterAll(async () => h?.close());

  it('refuses a missing or wrong X-API-Key with 401 in the flat style, and writes nothing', async () => {
    const body = { event_id: 'KEYED', orders: [order('k1')] };
    const missing = await h.api.post('/api/orders/snapshot', body);
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ error: 'X-API-Key is missing or wrong', code: 'UNAUTHENTICATED' });
    const wrong = await h.api.post('/api/orders/snapshot', body, undefined, { 'x-api-key': `${API_KEY}x` });
    expect(wrong.status).toBe(401);
    const getWithout = await h.api.get('/api/orders/snapshot/KEYED');
    expect(getWithout.status).toBe(401);
    expect(await h.bucket.private.keys()).toEqual([]);
  });

  it('accepts the right key for POST and GET', async () => {
    const headers = { 'x-api-key': API_KEY };
    const res = await h.api.post('/api/orders/snapshot', { event_id: 'KEYED', orders: [order('k1')] }, undefined, headers);
    expect(res.status).toBe(200);
    expect(res.body.new_orders).toBe(1);
    const snapshot = await h.api.get('/api/orders/snapshot/KEYED', undefined, headers);
    expect(snapshot.status).toBe(200);
    expect(snapshot.body.count).toBe(1);
  });
});

describe('orders snapshot without ORDERS_API_KEY: the POST is open, the GET is not', () => {
  let h: SnapshotHarness;
  beforeAll(async () => {
    h = await startSnapshotHarness({ env: { ORDERS_READ_API_KEY: READ_KEY } });
    const res = await h.api.post('/api/orders/snapshot', { event_id: 'PRIVATE', orders: [order('p1', { client_phone: '0612345678' })] });
    expect(res.status).toBe(200);
  });
  afterAll(async () => h?.close());

  it('refuses to read a snapshot anonymously (401), with a user token (403) or a wrong key (401)', async () => {
    const anonymous = await h.api.get('/api/orders/snapshot/PRIVATE');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(JSON.stringify(anonymous.body)).not.toContain('0612345678');
    const user = await h.api.register();
    const asUser = await h.api.get('/api/orders/snapshot/PRIVATE', user.token);
    expect(asUser.status).toBe(403);
    expect(asUser.body).toMatchObject({ code: 'FORBIDDEN' });
    const wrongKey = await h.api.get('/api/orders/snapshot/PRIVATE', undefined, { 'x-api-key': `${READ_KEY}x` });
    expect(wrongKey.status).toBe(401);
    // The object itself is in the private bucket: no anonymous GET, no listing.
    const direct = await fetch(`${h.bucket.endpoint}/${h.bucket.private.bucket}/orders/PRIVATE/pending_orders.json`);
    expect(direct.status).toBe(403);
    expect((await fetch(`${h.bucket.endpoint}/${h.bucket.private.bucket}?list-type=2`)).status).toBe(403);
  });

  it('lets an administrator or the read key read it', async () => {
    const admin = await adminSession(h.api, h.namespace);
    const asAdmin = await h.api.get('/api/orders/snapshot/PRIVATE', admin.token);
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body.orders[0]).toMatchObject({ order_id: 'p1', client_phone: '0612345678' });
    const withKey = await h.api.get('/api/orders/snapshot/PRIVATE', undefined, { 'x-api-key': READ_KEY });
    expect(withKey.status).toBe(200);
    expect(withKey.body.count).toBe(1);
  });
});

describe('orders snapshot rate limit (per client IP, enforced by the gateway)', () => {
  let h: SnapshotHarness;
  // 120 posts per minute in the contract; the gateway's factor scales it down to 6 for this test.
  beforeAll(async () => {
    h = await startSnapshotHarness({ gatewayEnv: { RATE_LIMIT_ROUTE_FACTOR: '0.05' } });
  });
  afterAll(async () => h?.close());

  it('answers 429 in the flat style with Retry-After once the limit is used up', async () => {
    const statuses: number[] = [];
    let last: { status: number; body: any; headers: Headers } | undefined;
    for (let i = 0; i < 8; i++) {
      last = await h.api.post('/api/orders/snapshot', { event_id: 'LIMITED', orders: [order(`l${i}`)] });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
    expect(last?.body).toMatchObject({ code: 'RATE_LIMITED' });
    expect(typeof last?.body.error).toBe('string');
    expect(last?.headers.get('retry-after')).toBeTruthy();
    const stored = JSON.parse(await h.bucket.private.text('orders/LIMITED/pending_orders.json'));
    expect(stored.count).toBe(6);
  });
});
