import type pg from 'pg';
import type { PostedOrder } from '../domain/snapshot-document.js';

export interface AppendResult {
  /** Orders of this request that were not logged before. */
  newOrders: number;
  /** Highest sequence number among this request's orders (the event's head for an empty list). */
  targetSeq: number;
}

/**
 * The append log of orders, per event (append_orders() in the migration).
 * Appending locks the event's counter row until commit, so sequence numbers
 * become visible in order: whatever a writer reads is a prefix of the event's
 * log. One statement, so the lock is never held across a network round trip.
 */
export class OrderLog {
  constructor(private readonly pool: pg.Pool) {}

  async append(eventId: string, orders: readonly PostedOrder[]): Promise<AppendResult> {
    const { rows } = await this.pool.query<{ new_orders: number; target_seq: string }>('SELECT new_orders, target_seq FROM append_orders($1, $2::jsonb)', [
      eventId,
      JSON.stringify(orders),
    ]);
    return { newOrders: rows[0].new_orders, targetSeq: Number(rows[0].target_seq) };
  }
}
