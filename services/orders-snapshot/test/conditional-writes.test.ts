import { ordersSnapshot } from '@platform/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricValue, order, type SnapshotHarness, startSnapshotHarness } from './harness.js';

/**
 * With SNAPSHOT_CONDITIONAL_WRITES (the default outside tests), each write
 * names the ETag it replaces. Correctness does not depend on it (the other test
 * files run with it off); it fences writes against anything that changed the
 * object behind the writer's back: a stale writer, or a foreign write.
 */
describe('orders snapshot conditional writes', () => {
  let h: SnapshotHarness;
  beforeAll(async () => {
    h = await startSnapshotHarness({ env: { SNAPSHOT_CONDITIONAL_WRITES: 'true' } });
  });
  afterAll(async () => h?.close());

  const key = ordersSnapshot.snapshotObjectKey;
  const foreign = (eventId: string) =>
    JSON.stringify({ event_id: eventId, snapshot_version: 41, generated_at: new Date().toISOString(), count: 1, orders: [order('foreign')] });

  it('writes with If-Match after a foreign write is refused, re-reads the object, and writes above it', async () => {
    const first = await h.api.post('/api/orders/snapshot', { event_id: 'FENCED', orders: [order('f1')] });
    expect(first.body).toMatchObject({ snapshot_version: 1, total_orders: 1 });
    await h.bucket.private.put(key('FENCED'), foreign('FENCED'), 'application/json');

    const second = await h.api.post('/api/orders/snapshot', { event_id: 'FENCED', orders: [order('f2')] });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ new_orders: 1, total_orders: 2 });
    expect(await metricValue(h.instances, 'orders_snapshot_write_conflicts_total')).toBe(1);
    // The order log is the source of truth: the foreign content is replaced by every logged order.
    const stored = JSON.parse(await h.bucket.private.text(key('FENCED')));
    expect(stored.orders.map((o: { order_id: string }) => o.order_id)).toEqual(['f1', 'f2']);
    expect(stored.snapshot_version).toBe(second.body.snapshot_version);
  });

  it('adopts an object already there for a new event and replaces it with If-Match on its ETag, without a conflict', async () => {
    await h.bucket.private.put(key('PREEXISTING'), foreign('PREEXISTING'), 'application/json');
    const conflictsBefore = await metricValue(h.instances, 'orders_snapshot_write_conflicts_total');
    const res = await h.api.post('/api/orders/snapshot', { event_id: 'PREEXISTING', orders: [order('p1')] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ snapshot_version: 42, total_orders: 2 });
    expect(await metricValue(h.instances, 'orders_snapshot_write_conflicts_total')).toBe(conflictsBefore);
    const stored = JSON.parse(await h.bucket.private.text(key('PREEXISTING')));
    expect(stored).toMatchObject({ count: 2, orders: [order('foreign'), order('p1')] });
  });

  it('creates the first snapshot of a new event with If-None-Match', async () => {
    const res = await h.api.post('/api/orders/snapshot', { event_id: 'FRESH', orders: [order('n1')] });
    expect(res.body).toMatchObject({ snapshot_version: 1, total_orders: 1 });
    expect(JSON.parse(await h.bucket.private.text(key('FRESH'))).count).toBe(1);
  });
});
