import type { EventEnvelope, PayloadOf, wallet } from '@platform/contracts';
import pg from 'pg';

type TransferCompleted = EventEnvelope<PayloadOf<typeof wallet.transferCompleted>>;

/**
 * The consumer's state in its own PostgreSQL schema. `processed_events`
 * remembers every event id it applied, in the same transaction as the effect,
 * so an event delivered twice (a redelivery after a crash before the ack, a
 * publish repeated after the de-duplication window) changes nothing the
 * second time. See docs/decisions/0910.
 */
export class ConsumerStore {
  private readonly pool: pg.Pool;

  constructor(
    connectionString: string,
    private readonly schema: string,
  ) {
    this.pool = new pg.Pool({ connectionString, max: 2, options: `-c search_path=${schema}` });
  }

  /** Creates the schema and tables when missing. A real service would use its migration tool; two tables do not need one. */
  async prepare(): Promise<void> {
    await this.pool.query(`
CREATE SCHEMA IF NOT EXISTS "${this.schema}";
CREATE TABLE IF NOT EXISTS "${this.schema}".processed_events (
  event_id      text PRIMARY KEY,
  subject       text NOT NULL,
  stream_seq    bigint NOT NULL,
  processed_at  timestamptz NOT NULL DEFAULT now(),
  -- How often the same event came back after it was applied: redeliveries, repeated publishes.
  duplicates    integer NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS "${this.schema}".received_totals (
  user_id       text NOT NULL,
  currency      text NOT NULL,
  amount_minor  bigint NOT NULL,
  transfers     integer NOT NULL,
  PRIMARY KEY (user_id, currency)
);
CREATE TABLE IF NOT EXISTS "${this.schema}".rejected_events (
  stream_seq    bigint PRIMARY KEY,
  subject       text NOT NULL,
  reason        text NOT NULL,
  body          text NOT NULL,
  rejected_at   timestamptz NOT NULL DEFAULT now()
);`);
  }

  /**
   * Applies one transfer once: records its id and adds it to the recipient's
   * total in one transaction. Returns false when the event was already applied.
   */
  async applyTransferOnce(event: TransferCompleted, streamSeq: number): Promise<boolean> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const inserted = await client.query(
        'INSERT INTO processed_events (event_id, subject, stream_seq) VALUES ($1, $2, $3) ON CONFLICT (event_id) DO NOTHING',
        [event.id, event.subject, streamSeq],
      );
      if (inserted.rowCount === 0) {
        await client.query('UPDATE processed_events SET duplicates = duplicates + 1 WHERE event_id = $1', [event.id]);
        await client.query('COMMIT');
        return false;
      }
      const { toUserId, amountMinor, currency } = event.data;
      // Money leaving to a system account (a purchase) has no user to credit: the event is still recorded as processed.
      if (toUserId !== null) {
        await client.query(
          `INSERT INTO received_totals (user_id, currency, amount_minor, transfers) VALUES ($1, $2, $3, 1)
           ON CONFLICT (user_id, currency) DO UPDATE SET amount_minor = received_totals.amount_minor + EXCLUDED.amount_minor, transfers = received_totals.transfers + 1`,
          [toUserId, currency, amountMinor],
        );
      }
      await client.query('COMMIT');
      return true;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Keeps a message that can never be processed (not JSON, not the contract) for a person to look at. */
  async reject(streamSeq: number, subject: string, reason: string, body: string): Promise<void> {
    await this.pool.query('INSERT INTO rejected_events (stream_seq, subject, reason, body) VALUES ($1, $2, $3, $4) ON CONFLICT (stream_seq) DO NOTHING', [
      streamSeq,
      subject,
      reason,
      body,
    ]);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
