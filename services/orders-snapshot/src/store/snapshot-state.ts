import { ordersSnapshot } from '@platform/contracts';
import { outboxInsert, rollbackAndRelease } from '@platform/service-kit';
import type pg from 'pg';
import type { PostedOrder } from '../domain/snapshot-document.js';

export interface SnapshotState {
  version: number;
  writtenSeq: number;
  orderCount: number;
  etag: string | null;
  /** Milliseconds since the last write, by the database clock; null before the first write. */
  sinceLastWriteMs: number | null;
}

/** What the event's object holds according to the last committed write (no lock). */
export async function lastWrittenSnapshot(pool: pg.Pool, eventId: string): Promise<{ version: number; writtenSeq: number; orderCount: number } | undefined> {
  const { rows } = await pool.query<{ version: number; written_seq: string; order_count: number }>(
    'SELECT version, written_seq, order_count FROM snapshots WHERE event_id = $1',
    [eventId],
  );
  return rows[0] ? { version: rows[0].version, writtenSeq: Number(rows[0].written_seq), orderCount: rows[0].order_count } : undefined;
}

/**
 * One writer's turn on an event: a transaction holding the lock on the event's
 * `snapshots` row. Only the holder writes the event's object, whichever
 * instance it runs in; the row then records what the object contains.
 */
export class SnapshotTurn {
  private constructor(
    private readonly client: pg.PoolClient,
    readonly eventId: string,
    readonly state: SnapshotState,
  ) {}

  static async take(pool: pg.Pool, eventId: string): Promise<SnapshotTurn> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query("SET LOCAL lock_timeout = '15s'");
      await client.query('INSERT INTO snapshots (event_id) VALUES ($1) ON CONFLICT (event_id) DO NOTHING', [eventId]);
      const { rows } = await client.query<{ version: number; written_seq: string; order_count: number; etag: string | null; since_ms: string | null }>(
        `SELECT version, written_seq, order_count, etag, (extract(epoch FROM clock_timestamp() - written_at) * 1000)::bigint AS since_ms
         FROM snapshots WHERE event_id = $1 FOR UPDATE`,
        [eventId],
      );
      const row = rows[0];
      return new SnapshotTurn(client, eventId, {
        version: row.version,
        writtenSeq: Number(row.written_seq),
        orderCount: row.order_count,
        etag: row.etag,
        sinceLastWriteMs: row.since_ms === null ? null : Number(row.since_ms),
      });
    } catch (error) {
      await rollbackAndRelease(client);
      throw error;
    }
  }

  /** Every order of the event logged so far, oldest first, with the head sequence number. */
  async loggedOrders(): Promise<{ head: number; orders: PostedOrder[] }> {
    const { rows } = await this.client.query<{ seq: string; body: PostedOrder }>('SELECT seq, body FROM snapshot_orders WHERE event_id = $1 ORDER BY seq', [
      this.eventId,
    ]);
    return { head: rows.length ? Number(rows[rows.length - 1].seq) : 0, orders: rows.map((r) => r.body) };
  }

  /** Records the written object and its event, then releases the lock. */
  async recordWrite(written: {
    version: number;
    writtenSeq: number;
    orderCount: number;
    etag: string | null;
    key: string;
    generatedAt: string;
  }): Promise<void> {
    try {
      await this.client.query(
        'UPDATE snapshots SET version = $2, written_seq = $3, order_count = $4, etag = $5, written_at = clock_timestamp() WHERE event_id = $1',
        [this.eventId, written.version, written.writtenSeq, written.orderCount, written.etag],
      );
      const event = outboxInsert(ordersSnapshot.snapshotUpdated, {
        event_id: this.eventId,
        snapshot_version: written.version,
        count: written.orderCount,
        new_orders: written.orderCount - this.state.orderCount,
        key: written.key,
        generated_at: written.generatedAt,
      });
      await this.client.query(event.sql, event.values);
      await this.client.query('COMMIT');
    } catch (error) {
      await rollbackAndRelease(this.client);
      throw error;
    }
    this.client.release();
  }

  /** Ends the turn without writing. */
  release(): Promise<void> {
    return rollbackAndRelease(this.client);
  }
}
