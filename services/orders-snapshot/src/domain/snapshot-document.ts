/**
 * The snapshot object, exactly as seed 000 writes it:
 * {event_id, snapshot_version, generated_at, count, orders}, pretty-printed.
 */
export interface PostedOrder {
  order_id: string;
  [field: string]: unknown;
}

export interface SnapshotDocument {
  event_id: string;
  snapshot_version: number;
  generated_at: string;
  count: number;
  orders: PostedOrder[];
}

export function snapshotDocument(eventId: string, version: number, orders: PostedOrder[], generatedAt: Date): { document: SnapshotDocument; body: string } {
  const document: SnapshotDocument = { event_id: eventId, snapshot_version: version, generated_at: generatedAt.toISOString(), count: orders.length, orders };
  return { document, body: JSON.stringify(document, null, 2) };
}

/** The seed's success message, word for word. */
export const snapshotMessage = (version: number) => `Snapshot v${version} créé`;

/** Orders of one body without repeats: the first occurrence of an order_id wins (the seed kept them all). */
export function uniqueOrders<T extends PostedOrder>(orders: readonly T[]): T[] {
  const seen = new Set<string>();
  return orders.filter((order) => {
    if (seen.has(order.order_id)) return false;
    seen.add(order.order_id);
    return true;
  });
}
