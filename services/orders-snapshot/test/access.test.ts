import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { order, type SnapshotHarness, startSnapshotHarness } from './harness.js';

const API_KEY = 'orders-key-0123456789abcdef';

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
    expect(await h.bucket.keys()).toEqual([]);
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
    const stored = JSON.parse(await h.bucket.text('orders/LIMITED/pending_orders.json'));
    expect(stored.count).toBe(6);
  });
});
