import type { Service } from '@platform/service-kit';

/**
 * Counters of the snapshot writer, on the service's /metrics and in its stats
 * (the gateway's /api/stats). Registered on the kit's Prometheus registry
 * through its metric interface: the service does not depend on prom-client itself.
 */
export interface SnapshotCounters {
  objectWrites: number;
  ordersAppended: number;
  writeConflicts: number;
}

export function createSnapshotCounters(service: Service): SnapshotCounters {
  const counters: SnapshotCounters = { objectWrites: 0, ordersAppended: 0, writeConflicts: 0 };
  const expose = (name: string, help: string, read: () => number) =>
    service.metrics.registry.registerMetric({
      name,
      help,
      type: 'counter',
      get: async () => ({ name, help, type: 'counter', aggregator: 'sum', values: [{ value: read(), labels: {} }] }),
    } as unknown as Parameters<typeof service.metrics.registry.registerMetric>[0]);
  expose('orders_snapshot_object_writes_total', 'Snapshot objects written to the bucket', () => counters.objectWrites);
  expose('orders_snapshot_orders_appended_total', 'Orders added to the order log (duplicates excluded)', () => counters.ordersAppended);
  expose('orders_snapshot_write_conflicts_total', 'Snapshot writes refused by If-Match / If-None-Match', () => counters.writeConflicts);
  service.setStatsProvider(async () => ({ ...counters }));
  return counters;
}
