import { quoteIdent, withSchemaTransaction } from '@platform/service-kit';
import type { Pool, PoolClient } from 'pg';
import type { TableCursor } from '../domain/sync-window.js';
import { keyOf, MIRROR_TABLES, type MirrorTable, writeParameters, writeStatement } from './mirror-tables.js';

type Row = Record<string, unknown>;
const isRow = (value: unknown): value is Row => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Writes of one table, inside its transaction. */
export class MirrorTransaction {
  constructor(
    private readonly client: PoolClient,
    private readonly schema: string,
    private readonly statements: Map<string, string>,
  ) {}

  /** Writes one page; answers the keys it inserted and how many rows it updated. */
  async write(spec: MirrorTable, rows: ReadonlyArray<Row>): Promise<{ insertedKeys: Array<string | number>; updated: number }> {
    if (rows.length === 0) return { insertedKeys: [], updated: 0 };
    const { rows: result } = await this.client.query<{ inserted_keys: Array<string | number>; updated: number }>({
      // A named statement is parsed and planned once per connection, then reused for every page
      // (the pool serves this one schema, so the name alone identifies the text).
      name: `mirror_${spec.table}`,
      text: this.statements.get(spec.table)!,
      values: writeParameters(spec, rows),
    });
    return { insertedKeys: result[0].inserted_keys, updated: result[0].updated };
  }

  /**
   * Orders are insert-only, and so are their items: written only for orders
   * this page inserted. Items are rows of their own when they carry an id; the
   * order's raw JSON keeps them all either way.
   */
  async writeOrders(orders: ReadonlyArray<Row>): Promise<{ inserted: number; updated: number }> {
    const { insertedKeys } = await this.write(MIRROR_TABLES.orders, orders);
    const fresh = new Set(insertedKeys.map(Number));
    const items = orders
      .filter((order) => fresh.has(Number(order.id)) && Array.isArray(order.items))
      .flatMap((order) => (order.items as unknown[]).filter(isRow).map((item) => ({ order_id: order.id, ...item })))
      .filter((item) => keyOf(MIRROR_TABLES.order_items, item) !== undefined);
    await this.write(MIRROR_TABLES.order_items, items);
    return { inserted: insertedKeys.length, updated: 0 };
  }

  /** The Template stopped paging by cursor (another one behind the same URL): the next run reads everything. */
  async dropCursor(table: string): Promise<void> {
    await this.client.query(`DELETE FROM ${this.schema}.sync_state WHERE table_name = $1`, [table]);
  }

  async saveCursor(table: string, cursor: TableCursor): Promise<void> {
    await this.client.query(
      `INSERT INTO ${this.schema}.sync_state (table_name, cursor_updated_at, cursor_id) VALUES ($1, $2, $3)
       ON CONFLICT (table_name) DO UPDATE SET cursor_updated_at = EXCLUDED.cursor_updated_at, cursor_id = EXCLUDED.cursor_id, saved_at = now()`,
      [table, cursor.updatedAt, cursor.id],
    );
  }
}

/**
 * The Dashboard's mirror tables, written in bulk with SQL: each table in one
 * transaction that either commits every page and its cursor, or nothing.
 */
export class MirrorWriter {
  private readonly schema: string;
  private readonly statements = new Map<string, string>();

  constructor(
    private readonly pool: Pool,
    private readonly schemaName: string,
  ) {
    this.schema = quoteIdent(schemaName);
    for (const spec of Object.values(MIRROR_TABLES)) this.statements.set(spec.table, writeStatement(this.schema, spec));
  }

  inTransaction<T>(work: (tx: MirrorTransaction) => Promise<T>): Promise<T> {
    return withSchemaTransaction(this.pool, this.schemaName, (client) => work(new MirrorTransaction(client, this.schema, this.statements)));
  }

  async cursors(): Promise<Map<string, TableCursor>> {
    const { rows } = await this.pool.query<{ table_name: string; cursor_updated_at: Date; cursor_id: number }>(
      `SELECT table_name, cursor_updated_at, cursor_id FROM ${this.schema}.sync_state`,
    );
    return new Map(rows.map((row) => [row.table_name, { updatedAt: row.cursor_updated_at.toISOString(), id: row.cursor_id }]));
  }
}
