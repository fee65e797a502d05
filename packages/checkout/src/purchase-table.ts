import type { ErrorCode } from '@platform/contracts';
import { decodeCursor, pageOf, quoteIdent } from '@platform/service-kit';
import type pg from 'pg';
import type { Merchant } from './wallet-client.js';

/**
 * pending: goods reserved, the charge not known to have happened.
 * refunding: goods released, a charge (if any) is being refunded.
 * confirmed, failed (never charged) and refunded are final.
 */
export type PurchaseStatus = 'pending' | 'confirmed' | 'failed' | 'refunding' | 'refunded';

export const FINAL_STATUSES: readonly PurchaseStatus[] = ['confirmed', 'failed', 'refunded'];

const transitionValues = (id: string, from: PurchaseStatus, to: PurchaseStatus, fields: TransitionFields): Array<string | null> => [
  id,
  from,
  to,
  fields.transferId ?? null,
  fields.refundId ?? null,
  fields.failure ? JSON.stringify(fields.failure) : null,
];

export interface TransitionFields {
  transferId?: string;
  refundId?: string;
  failure?: PurchaseFailure;
}

export interface PurchaseFailure {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/** One purchase as the saga sees it. A service keeps what was bought in its own tables, keyed by `id`. */
export interface PurchaseRecord {
  id: string;
  userId: string;
  merchant: Merchant;
  status: PurchaseStatus;
  amountMinor: number;
  currency: 'EUR';
  /** The wallet.debit idempotency key: `<merchant>:order:<id>`. */
  chargeKey: string;
  category: string | null;
  /** The wallet transfer that paid for it (confirmed and refunded purchases). */
  transferId: string | null;
  refundId: string | null;
  failure: PurchaseFailure | null;
  recoveryAttempts: number;
  createdAt: Date;
  updatedAt: Date;
  settledAt: Date | null;
}

/** A pg client inside a transaction whose search_path is the service's schema. */
export type Tx = pg.PoolClient;

export interface PurchaseRow {
  id: string;
  seq: string;
  user_id: string;
  merchant: Merchant;
  status: PurchaseStatus;
  amount_minor: string;
  currency: 'EUR';
  charge_key: string;
  category: string | null;
  transfer_id: string | null;
  refund_id: string | null;
  failure: PurchaseFailure | null;
  recovery_attempts: number;
  created_at: Date;
  updated_at: Date;
  settled_at: Date | null;
}

const toRecord = (row: PurchaseRow): PurchaseRecord => ({
  id: row.id,
  userId: row.user_id,
  merchant: row.merchant,
  status: row.status,
  amountMinor: Number(row.amount_minor),
  currency: row.currency,
  chargeKey: row.charge_key,
  category: row.category,
  transferId: row.transfer_id,
  refundId: row.refund_id,
  failure: row.failure,
  recoveryAttempts: row.recovery_attempts,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  settledAt: row.settled_at,
});

export const chargeKeyFor = (merchant: Merchant, purchaseId: string) => `${merchant}:order:${purchaseId}`;

/**
 * SQL on the purchases table. Every state change is a guarded UPDATE
 * (`WHERE status = 'pending'`): when the request and the recovery job race
 * to settle one purchase, exactly one of them wins and the other reads the
 * result.
 */
export class PurchaseTable {
  readonly schema: string;
  private readonly table: string;

  constructor(
    private readonly pool: pg.Pool,
    schema: string,
  ) {
    this.schema = quoteIdent(schema);
    this.table = `${this.schema}.purchases`;
  }

  async insert(tx: Tx, purchase: { id: string; userId: string; merchant: Merchant; amountMinor: number; category: string | null }): Promise<PurchaseRecord> {
    const { rows } = await tx.query<PurchaseRow>(
      `INSERT INTO ${this.table} (id, user_id, merchant, amount_minor, charge_key, category) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [purchase.id, purchase.userId, purchase.merchant, purchase.amountMinor, chargeKeyFor(purchase.merchant, purchase.id), purchase.category],
    );
    return toRecord(rows[0]);
  }

  /**
   * insert() and the transaction's other last statements (`then`, literal SQL)
   * and COMMIT, in one message: one round trip from the reserve hook's last
   * write (which may hold a hot row lock) to the commit. Values are literals
   * escaped by the driver (the simple query protocol takes no parameters).
   */
  async insertAndCommit(
    tx: Tx,
    purchase: { id: string; userId: string; merchant: Merchant; amountMinor: number; category: string | null },
    then: string[] = [],
  ): Promise<PurchaseRecord> {
    const literal = (value: string | number | null) => (value === null ? 'NULL' : tx.escapeLiteral(String(value)));
    const values = [purchase.id, purchase.userId, purchase.merchant, purchase.amountMinor, chargeKeyFor(purchase.merchant, purchase.id), purchase.category];
    const insert = `INSERT INTO ${this.table} (id, user_id, merchant, amount_minor, charge_key, category) VALUES (${values.map(literal).join(', ')}) RETURNING *`;
    const results = (await tx.query([insert, ...then, 'COMMIT'].join(';\n'))) as unknown as pg.QueryResult<PurchaseRow>[];
    return toRecord(results[0].rows[0]);
  }

  async find(id: string, db: pg.Pool | Tx = this.pool): Promise<PurchaseRecord | undefined> {
    const { rows } = await db.query<PurchaseRow>(`SELECT * FROM ${this.table} WHERE id = $1`, [id]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  /**
   * Moves a purchase from `from` to `to` and returns it, or undefined when it
   * was not in `from` any more (another actor settled it first). The row lock
   * of the UPDATE is held until the transaction ends.
   */
  async transition(tx: Tx, id: string, from: PurchaseStatus, to: PurchaseStatus, fields: TransitionFields = {}): Promise<PurchaseRecord | undefined> {
    const { rows } = await tx.query<PurchaseRow>(this.transitionSql('$1', '$2', '$3', '$4', '$5', '$6'), transitionValues(id, from, to, fields));
    return this.transitioned(rows[0]);
  }

  /**
   * transition() as one literal statement, for withSchemaTransaction's
   * `opening` (sent with the BEGIN); read its row with transitioned().
   */
  transitionStatement(id: string, from: PurchaseStatus, to: PurchaseStatus, fields: TransitionFields, escapeLiteral: (value: string) => string): string {
    const [p1, p2, p3, p4, p5, p6] = transitionValues(id, from, to, fields).map((value) => (value === null ? 'NULL' : escapeLiteral(value)));
    return this.transitionSql(p1, p2, p3, `${p4}::uuid`, `${p5}::uuid`, p6);
  }

  /** The purchase a transition returned, or undefined when it was not in `from` any more. */
  transitioned(row: PurchaseRow | undefined): PurchaseRecord | undefined {
    return row ? toRecord(row) : undefined;
  }

  private transitionSql(id: string, from: string, to: string, transferId: string, refundId: string, failure: string): string {
    return `UPDATE ${this.table} SET status = ${to}, transfer_id = COALESCE(${transferId}, transfer_id), refund_id = COALESCE(${refundId}, refund_id),
         failure = COALESCE(${failure}::jsonb, failure), updated_at = now(),
         settled_at = CASE WHEN ${to} IN ('confirmed', 'failed', 'refunded') THEN now() ELSE settled_at END
       WHERE id = ${id} AND status = ${from} RETURNING *`;
  }

  /**
   * Leases a batch of stale unsettled (pending or refunding) purchases to one recovery run: their next
   * attempt moves forward (backing off up to an hour), so a concurrent run on
   * another instance skips them. SKIP LOCKED keeps two runs from waiting on each other.
   */
  async leaseStale(options: { olderThanMs: number; limit: number; ignoreBackoff: boolean; retryBaseMs: number }): Promise<PurchaseRecord[]> {
    const { rows } = await this.pool.query<PurchaseRow>(
      `UPDATE ${this.table} SET recovery_attempts = recovery_attempts + 1,
         next_recovery_at = now() + make_interval(secs => least(3600, $4::double precision / 1000 * 2 ^ least(recovery_attempts, 12)))
       WHERE id IN (
         SELECT id FROM ${this.table}
         WHERE status IN ('pending', 'refunding') AND created_at <= now() - make_interval(secs => $1::double precision / 1000)
           AND ($3::boolean OR next_recovery_at <= now())
         ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [options.olderThanMs, options.limit, options.ignoreBackoff, options.retryBaseMs],
    );
    return rows.map(toRecord);
  }

  /** A user's purchases, newest first, keyset-paginated by an opaque cursor. */
  async listForUser(
    userId: string,
    page: { limit: number; cursor?: string; statuses?: PurchaseStatus[] },
  ): Promise<{ items: PurchaseRecord[]; nextCursor: string | null }> {
    const after = decodeCursor(page.cursor, 1);
    const { rows } = await this.pool.query<PurchaseRow>(
      `SELECT * FROM ${this.table}
       WHERE user_id = $1 AND ($2::bigint IS NULL OR seq < $2::bigint) AND ($3::text[] IS NULL OR status = ANY($3::text[]))
       ORDER BY seq DESC LIMIT $4`,
      [userId, after?.[0] ?? null, page.statuses ?? null, page.limit + 1],
    );
    const { items, nextCursor } = pageOf(rows, page.limit, (row) => [Number(row.seq)]);
    return { items: items.map(toRecord), nextCursor };
  }

  async stats(): Promise<Record<PurchaseStatus, number> & { revenueMinor: number }> {
    const { rows } = await this.pool.query<{ status: PurchaseStatus; n: number; amount: string }>(
      `SELECT status, count(*)::int AS n, COALESCE(sum(amount_minor), 0)::text AS amount FROM ${this.table} GROUP BY status`,
    );
    const stats = { pending: 0, confirmed: 0, failed: 0, refunding: 0, refunded: 0, revenueMinor: 0 };
    for (const row of rows) {
      stats[row.status] = row.n;
      if (row.status === 'confirmed') stats.revenueMinor = Number(row.amount);
    }
    return stats;
  }
}
