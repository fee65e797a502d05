import { DomainError, notFound, ordersSnapshot } from '@platform/contracts';
import type { HandlerContext, Service } from '@platform/service-kit';
import { apiKeyAccepted } from '../domain/api-key.js';
import { snapshotMessage, uniqueOrders } from '../domain/snapshot-document.js';
import type { SnapshotCounters } from '../metrics.js';
import type { OrderLog } from '../store/order-log.js';
import type { SnapshotBucket } from '../store/snapshot-bucket.js';
import type { SnapshotWriter } from '../jobs/snapshot-writer.js';

export interface SnapshotOperationDeps {
  orderLog: OrderLog;
  writer: SnapshotWriter;
  bucket: SnapshotBucket;
  counters: SnapshotCounters;
  /** ORDERS_API_KEY; undefined keeps the seed's open endpoint. */
  apiKey: string | undefined;
}

export function registerSnapshotOperations(service: Service, deps: SnapshotOperationDeps): void {
  const requireApiKey = (ctx: HandlerContext) => {
    if (!apiKeyAccepted(deps.apiKey, ctx.apiKey)) throw new DomainError('UNAUTHENTICATED', 'X-API-Key is missing or wrong', { field: 'X-API-Key' });
  };

  service.handle(ordersSnapshot.postSnapshot, async (input, ctx) => {
    requireApiKey(ctx);
    const { newOrders, targetSeq } = await deps.orderLog.append(input.event_id, uniqueOrders(input.orders));
    deps.counters.ordersAppended += newOrders;
    const written = await deps.writer.waitForSnapshot(input.event_id, targetSeq, ctx.signal);
    return {
      message: snapshotMessage(written.version),
      event_id: input.event_id,
      new_orders: newOrders,
      total_orders: written.total,
      snapshot_version: written.version,
    };
  });

  service.handle(ordersSnapshot.getSnapshot, async (input, ctx) => {
    requireApiKey(ctx);
    const snapshot = await deps.bucket.read(input.event_id);
    if (!snapshot) throw notFound(`Snapshot of event ${input.event_id}`);
    return snapshot;
  });
}
