import { ordersSnapshot } from '@platform/contracts';
import { infra, schemaFor, waitFor } from '@platform/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricValue, order, type SnapshotHarness, startSnapshotHarness } from './harness.js';

/**
 * The seed's read-merge-write loses orders when posts race. Here 100 posts race
 * through the gateway onto two service instances (two writers, one per
 * process), and every order must land in the snapshot exactly once.
 */
describe('orders snapshot under concurrency: no lost order', () => {
  let h: SnapshotHarness;
  beforeAll(async () => {
    h = await startSnapshotHarness({ instances: 2 });
  });
  afterAll(async () => h?.close());

  const EVENT = 'RACE-100';
  const ids = Array.from({ length: 100 }, (_, i) => `order_${String(i).padStart(3, '0')}`);
  let responses: Array<{ status: number; body: any }> = [];

  it('100 concurrent posts of distinct orders end with count = 100, each order once', async () => {
    responses = await Promise.all(ids.map((id) => h.api.post('/api/orders/snapshot', { event_id: EVENT, orders: [order(id)] })));
    expect(responses.map((r) => r.status)).toEqual(ids.map(() => 200));
    expect(responses.every((r) => r.body.new_orders === 1)).toBe(true);

    const stored = JSON.parse(await h.bucket.private.text(ordersSnapshot.snapshotObjectKey(EVENT)));
    expect(stored.count).toBe(100);
    const storedIds = stored.orders.map((o: { order_id: string }) => o.order_id);
    expect(storedIds).toHaveLength(100);
    expect(new Set(storedIds).size).toBe(100);
    expect([...storedIds].sort()).toEqual(ids);
  });

  it('answers each post with a written version that contains its order', async () => {
    const events = await waitFor(() => {
      const mine = h.events.filter((e) => e.data.event_id === EVENT);
      const last = Math.max(...responses.map((r) => r.body.snapshot_version));
      return mine.length === last ? mine : undefined;
    });
    const countByVersion = new Map(events.map((e) => [e.data.snapshot_version, e.data.count]));
    for (const res of responses) {
      expect(res.body.message).toBe(`Snapshot v${res.body.snapshot_version} créé`);
      // The version a request was answered with is a written one, and it was written with the total it reports.
      expect(countByVersion.get(res.body.snapshot_version)).toBe(res.body.total_orders);
    }
  });

  it('writes versions 1, 2, 3... strictly increasing, with growing counts, in few object writes', async () => {
    const events = h.events.filter((e) => e.data.event_id === EVENT).map((e) => e.data);
    const versions = events.map((e) => e.snapshot_version);
    expect(versions).toEqual(versions.map((_, i) => i + 1));
    for (let i = 1; i < events.length; i++) {
      expect(events[i].count).toBeGreaterThan(events[i - 1].count);
      expect(events[i].new_orders).toBe(events[i].count - events[i - 1].count);
    }
    expect(events.at(-1)?.count).toBe(100);
    // Group commit: concurrent posts share writes, so there are fewer writes than posts.
    const writes = await metricValue(h.instances, 'orders_snapshot_object_writes_total');
    expect(writes).toBe(events.length);
    expect(writes).toBeLessThan(100);
  });

  it('reposting the same orders concurrently adds none and writes nothing', async () => {
    const writesBefore = await metricValue(h.instances, 'orders_snapshot_object_writes_total');
    const again = await Promise.all(ids.map((id) => h.api.post('/api/orders/snapshot', { event_id: EVENT, orders: [order(id)] })));
    expect(again.every((r) => r.status === 200 && r.body.new_orders === 0 && r.body.total_orders === 100)).toBe(true);
    const all = await h.api.post('/api/orders/snapshot', { event_id: EVENT, orders: ids.map((id) => order(id)) });
    expect(all.body).toMatchObject({ new_orders: 0, total_orders: 100 });
    expect(await metricValue(h.instances, 'orders_snapshot_object_writes_total')).toBe(writesBefore);
    const stored = JSON.parse(await h.bucket.private.text(ordersSnapshot.snapshotObjectKey(EVENT)));
    expect(stored.count).toBe(100);
  });

  it('overlapping posts (same orders in several bodies) count each order as new exactly once', async () => {
    const event = 'RACE-overlap';
    // 40 posts of 5 orders each drawn from 50 ids: every id is posted several times, concurrently.
    const bodies = Array.from({ length: 40 }, (_, i) => Array.from({ length: 5 }, (_, j) => `o${(i * 7 + j * 11) % 50}`));
    const posted = new Set(bodies.flat());
    const results = await Promise.all(
      bodies.map((orderIds) => h.api.post('/api/orders/snapshot', { event_id: event, orders: orderIds.map((id) => order(id)) })),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.reduce((sum, r) => sum + r.body.new_orders, 0)).toBe(posted.size);
    const stored = JSON.parse(await h.bucket.private.text(ordersSnapshot.snapshotObjectKey(event)));
    expect(stored.count).toBe(posted.size);
    expect(new Set(stored.orders.map((o: { order_id: string }) => o.order_id))).toEqual(posted);
  });

  it("a writer waits for the event's turn held elsewhere, and writes nothing until it is released", async () => {
    const event = 'TURN-held';
    const client = new pg.Client({ connectionString: infra.databaseUrl });
    await client.connect();
    try {
      await client.query(`SET search_path TO "${schemaFor('orders-snapshot', h.namespace)}"`);
      await client.query('INSERT INTO snapshot_events (event_id) VALUES ($1)', [event]);
      await client.query('INSERT INTO snapshots (event_id) VALUES ($1)', [event]);
      // This connection plays another instance in the middle of its write.
      await client.query('BEGIN');
      await client.query('SELECT 1 FROM snapshots WHERE event_id = $1 FOR UPDATE', [event]);
      const { rows } = await client.query<{ xid: string }>('SELECT pg_current_xact_id()::xid::text AS xid');
      const pending = Promise.all(['t1', 't2', 't3'].map((id) => h.api.post('/api/orders/snapshot', { event_id: event, orders: [order(id)] })));
      await waitFor(
        async () => {
          const waiting = await client.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'transactionid' AND transactionid::text = $1 AND NOT granted",
            [rows[0].xid],
          );
          return waiting.rows[0].n > 0;
        },
        { what: 'a snapshot writer to wait for the turn' },
      );
      expect(await h.bucket.private.head(ordersSnapshot.snapshotObjectKey(event))).toBeUndefined();
      await client.query('COMMIT');
      const results = await pending;
      expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
      const stored = JSON.parse(await h.bucket.private.text(ordersSnapshot.snapshotObjectKey(event)));
      expect(stored.count).toBe(3);
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      await client.end();
    }
  });
});
