import { createHash } from 'node:crypto';
import type { PostedOrder } from './snapshot-document.js';

/**
 * A snapshot object the platform finds for an event it has never seen:
 * written by seed 000's own endpoint before the move (or by this service
 * before its database was lost). Its orders are adopted into the log and its
 * version continues (docs/services/orders-snapshot.md#migration).
 */
export interface AdoptedSnapshot {
  version: number;
  orders: PostedOrder[];
  /** Orders the seed kept without an order_id, given one here so they are not lost. */
  renamed: number;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads the seed's document `{event_id, snapshot_version, generated_at, count, orders}`.
 * The seed accepted orders without `order_id` (and never deduplicated them);
 * those get `legacy-<digest of the order>` so they stay, once each. Returns
 * undefined when the body is not a snapshot at all.
 */
export function parseLegacySnapshot(body: string): AdoptedSnapshot | undefined {
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!isObject(document) || !Array.isArray(document.orders)) return undefined;
  const version = Number.isInteger(document.snapshot_version) && (document.snapshot_version as number) > 0 ? (document.snapshot_version as number) : 0;
  let renamed = 0;
  const orders: PostedOrder[] = [];
  for (const order of document.orders) {
    if (!isObject(order)) continue;
    const id = order.order_id;
    if (typeof id === 'string' && id.trim() !== '') {
      orders.push(order as PostedOrder);
    } else {
      renamed++;
      orders.push({ ...order, order_id: `legacy-${createHash('sha256').update(JSON.stringify(order)).digest('hex').slice(0, 24)}` });
    }
  }
  return { version, orders, renamed };
}
