import { quoteIdent, withSchemaTransaction } from '@platform/service-kit';
import type { Pool, PoolClient } from 'pg';
import type { PurchaseBatch } from '../domain/purchases.js';
import type { WalletMovement } from '../domain/wallet-movements.js';

export type ApplyOutcome = 'applied' | 'duplicate';

/**
 * The write side of the read model. Each event is applied in one
 * transaction that first claims its id in processed_events: a redelivered or
 * replayed event finds its id taken and changes nothing. Two deliveries of the
 * same event at once serialise on that primary key (the second waits for the
 * first to commit, then sees the conflict). The facts' own primary keys are a
 * second guard, against the same fact re-published under a new event id.
 */
export class ReadModelWriter {
  private readonly schema: string;

  constructor(
    private readonly pool: Pool,
    private readonly schemaName: string,
  ) {
    this.schema = quoteIdent(schemaName);
  }

  private table(name: string): string {
    return `${this.schema}.${name}`;
  }

  async applyOnce(eventId: string, subject: string, write: (tx: PoolClient) => Promise<void>): Promise<ApplyOutcome> {
    return withSchemaTransaction(this.pool, this.schemaName, async (tx) => {
      const claim = await tx.query(`INSERT INTO ${this.table('processed_events')} (event_id, subject) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
        eventId,
        subject,
      ]);
      // A duplicate wrote nothing: committing the empty transaction is the same as rolling it back.
      if (claim.rowCount === 0) return 'duplicate';
      await write(tx);
      return 'applied';
    });
  }

  applyMovements(eventId: string, subject: string, movements: readonly WalletMovement[]): Promise<ApplyOutcome> {
    return this.applyOnce(eventId, subject, async (tx) => {
      if (movements.length === 0) return;
      await tx.query(
        `INSERT INTO ${this.table('wallet_movements')}
           (transfer_id, user_id, kind, amount_minor, currency, merchant, category, reference, reverses_transfer_id, counterparty_user_id, occurred_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::char(3)[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::timestamptz[])
         ON CONFLICT (transfer_id, user_id) DO NOTHING`,
        [
          movements.map((m) => m.transferId),
          movements.map((m) => m.userId),
          movements.map((m) => m.kind),
          movements.map((m) => m.amountMinor),
          movements.map((m) => m.currency),
          movements.map((m) => m.merchant),
          movements.map((m) => m.category),
          movements.map((m) => m.reference),
          movements.map((m) => m.reversesTransferId),
          movements.map((m) => m.counterpartyUserId),
          movements.map((m) => m.occurredAt.toISOString()),
        ],
      );
    });
  }

  applyPurchases(eventId: string, subject: string, batch: PurchaseBatch): Promise<ApplyOutcome> {
    return this.applyOnce(eventId, subject, async (tx) => {
      const { items, purchases } = batch;
      // An older event (a late redelivery) never overwrites what a newer one said about an item.
      await tx.query(
        `INSERT INTO ${this.table('items')} AS item (item_kind, item_id, name, club_id, category, starts_at, last_seen_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[])
         ON CONFLICT (item_kind, item_id) DO UPDATE SET
           name = EXCLUDED.name,
           club_id = EXCLUDED.club_id,
           category = COALESCE(EXCLUDED.category, item.category),
           starts_at = COALESCE(EXCLUDED.starts_at, item.starts_at),
           last_seen_at = EXCLUDED.last_seen_at
         WHERE item.last_seen_at <= EXCLUDED.last_seen_at`,
        [
          items.map((i) => i.kind),
          items.map((i) => i.id),
          items.map((i) => i.name),
          items.map((i) => i.clubId),
          items.map((i) => i.category),
          items.map((i) => i.startsAt?.toISOString() ?? null),
          items.map((i) => i.seenAt.toISOString()),
        ],
      );
      // A cancellation marks the row whichever of purchase and cancellation arrives first.
      await tx.query(
        `INSERT INTO ${this.table('purchases')} AS p (source, source_id, item_kind, item_id, user_id, quantity, amount_minor, occurred_at, cancelled_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::bigint[], $8::timestamptz[], $9::timestamptz[])
         ON CONFLICT (source, source_id, item_kind, item_id) DO UPDATE SET cancelled_at = COALESCE(p.cancelled_at, EXCLUDED.cancelled_at)`,
        [
          purchases.map((p) => p.source),
          purchases.map((p) => p.sourceId),
          purchases.map((p) => p.itemKind),
          purchases.map((p) => p.itemId),
          purchases.map((p) => p.userId),
          purchases.map((p) => p.quantity),
          purchases.map((p) => p.amountMinor),
          purchases.map((p) => p.occurredAt.toISOString()),
          purchases.map((p) => p.cancelledAt?.toISOString() ?? null),
        ],
      );
    });
  }

  /** Counters for /api/stats and the service's _stats subject. */
  async counts(): Promise<{ eventsProcessed: number; usersModelled: number; purchases: number; walletMovements: number }> {
    const { rows } = await this.pool.query(
      `SELECT (SELECT count(*) FROM ${this.table('processed_events')})::int AS "eventsProcessed",
              (SELECT count(*) FROM (SELECT user_id FROM ${this.table('wallet_movements')} UNION SELECT user_id FROM ${this.table('purchases')}) fans)::int AS "usersModelled",
              (SELECT count(*) FROM ${this.table('purchases')})::int AS purchases,
              (SELECT count(*) FROM ${this.table('wallet_movements')})::int AS "walletMovements"`,
    );
    return rows[0];
  }
}
