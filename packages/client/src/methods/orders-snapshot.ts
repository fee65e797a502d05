import { ordersSnapshot } from '@platform/contracts';
import type { z } from 'zod';
import type { ApiBaseClass } from '../api-base.js';

/** An order as the photo-orders front end keeps it: any fields, `order_id` required (it is the dedupe key). */
export type SnapshotOrder = { order_id: string } & Record<string, unknown>;

/** Event photo-order snapshots (seed 000). Needs the client's `apiKey` option when the server has ORDERS_API_KEY set. */
export function withOrdersSnapshot<Base extends ApiBaseClass>(Base: Base) {
  return class OrdersSnapshotMethods extends Base {
    /** Adds orders to the event's snapshot; resolves once they are in a written snapshot. Orders already there are not counted again. */
    postOrdersSnapshot(eventId: string, orders: SnapshotOrder[]) {
      return this.call(ordersSnapshot.postSnapshot, { event_id: eventId, orders });
    }

    /**
     * Needs an administrator's session or the `apiKey` option (ORDERS_API_KEY or
     * ORDERS_READ_API_KEY). A large snapshot is answered with a 307 to a
     * presigned URL, which fetch follows: the result is always the snapshot.
     */
    getOrdersSnapshot(eventId: string) {
      return this.call(ordersSnapshot.getSnapshot, { event_id: eventId }) as Promise<z.output<typeof ordersSnapshot.snapshotBody>>;
    }
  };
}
