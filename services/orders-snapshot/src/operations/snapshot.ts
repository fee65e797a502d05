import { DomainError, notFound, ordersSnapshot } from '@platform/contracts';
import type { HandlerContext, HandlersOf } from '@platform/service-kit';
import { anyKeyAccepted, apiKeyAccepted } from '../domain/api-key.js';
import { snapshotMessage, uniqueOrders } from '../domain/snapshot-document.js';
import type { SnapshotCounters } from '../metrics.js';
import type { LegacyAdoption } from '../store/legacy-adoption.js';
import type { OrderLog } from '../store/order-log.js';
import type { SnapshotBucket } from '../store/snapshot-bucket.js';
import type { SnapshotWriter } from '../jobs/snapshot-writer.js';

export interface SnapshotOperationDeps {
  orderLog: OrderLog;
  writer: SnapshotWriter;
  bucket: SnapshotBucket;
  counters: SnapshotCounters;
  adoption: LegacyAdoption;
  /** ORDERS_API_KEY; undefined keeps the seed's open POST. */
  apiKey: string | undefined;
  /** ORDERS_READ_API_KEY: reads only. */
  readApiKey: string | undefined;
  /** Larger snapshots are answered with a presigned URL (a NATS reply carries ~1 MB). */
  inlineMaxBytes: number;
  downloadUrlTtlSeconds: number;
}

export function snapshotHandlers(deps: SnapshotOperationDeps) {
  const requireApiKey = (ctx: HandlerContext) => {
    if (!apiKeyAccepted(deps.apiKey, ctx.apiKey)) throw new DomainError('UNAUTHENTICATED', 'X-API-Key is missing or wrong', { field: 'X-API-Key' });
  };

  // Snapshots hold clients' names, emails and phones: an administrator or a holder of an orders key, never anyone.
  const requireReader = (ctx: HandlerContext) => {
    if (ctx.user?.role === 'admin') return;
    if (anyKeyAccepted([deps.apiKey, deps.readApiKey], ctx.apiKey)) return;
    if (ctx.apiKey !== undefined) throw new DomainError('UNAUTHENTICATED', 'X-API-Key is wrong', { field: 'X-API-Key' });
    if (ctx.user) throw new DomainError('FORBIDDEN', 'Snapshots are for administrators and holders of the orders API key');
    throw new DomainError('UNAUTHENTICATED', "Send an administrator's access token or X-API-Key", { field: 'X-API-Key' });
  };

  return {
    [ordersSnapshot.postSnapshot.name]: async (input, ctx) => {
      requireApiKey(ctx);
      await deps.adoption.beforePost(input.event_id);
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
    },

    [ordersSnapshot.getSnapshot.name]: async (input, ctx) => {
      requireReader(ctx);
      const size = await deps.bucket.size(input.event_id);
      if (size === undefined) throw notFound(`Snapshot of event ${input.event_id}`);
      if (size > deps.inlineMaxBytes) {
        // Too large for one NATS reply: the gateway answers 307 to a URL that lives a minute.
        return { redirect_url: await deps.bucket.presignGet(input.event_id, deps.downloadUrlTtlSeconds), expires_in: deps.downloadUrlTtlSeconds };
      }
      const snapshot = await deps.bucket.read(input.event_id);
      if (!snapshot) throw notFound(`Snapshot of event ${input.event_id}`);
      return snapshot;
    },
  } satisfies HandlersOf<'orders-snapshot'>;
}
