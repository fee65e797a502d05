import type { templateExport } from '@platform/contracts';
import { quoteIdent } from '@platform/service-kit';
import type { Pool } from 'pg';
import { cursorOf, type ExportQuery } from '../domain/export-query.js';
import { EXPORT_COLUMNS, ORDER_ITEM_COLUMNS } from './export-tables.js';

type Row = Record<string, unknown> & { id: number; updated_at: string };

/**
 * The longest run of rows from the start whose JSON fits the budget (at
 * least one row). Behind the gateway a page travels in one NATS message,
 * capped at 1 MiB: a page of long descriptions must stop early rather than
 * fail. The client continues from next_cursor (or offset + count).
 */
function withinBytes(rows: Row[], budget: number): Row[] {
  let bytes = 0;
  for (let i = 0; i < rows.length; i++) {
    bytes += Buffer.byteLength(JSON.stringify(rows[i])) + 1;
    if (bytes > budget && i > 0) return rows.slice(0, i);
  }
  return rows;
}

export interface ExportPage {
  data: Row[];
  count: number;
  total: number;
  limit: number;
  offset: number;
  has_more: boolean;
  next_cursor: string | null;
}

/**
 * Reads the export pages with plain SQL: one keyset query on the
 * (updated_at, id) index per page; the total is counted in parallel on the
 * first page and carried by the cursor after that. This is the hot path of
 * a sync (100k rows), so it skips the ORM (ADR 0301).
 */
export class ExportReader {
  private readonly schema: string;

  constructor(
    private readonly pool: Pool,
    schema: string,
    /** A page stops before it grows past this many bytes of JSON (see bytesBudget in the contract notes). */
    private readonly pageMaxBytes: number,
  ) {
    this.schema = quoteIdent(schema);
  }

  private table(name: string): string {
    return `${this.schema}.${quoteIdent(name)}`;
  }

  async page(table: templateExport.ExportTable, query: ExportQuery): Promise<ExportPage> {
    const filters: string[] = [];
    const values: unknown[] = [];
    if (query.since) {
      values.push(query.since);
      filters.push(`t.updated_at >= $${values.length}`);
    }
    const countSql = `SELECT count(*)::int AS total FROM ${this.table(table)} AS t${filters.length ? ` WHERE ${filters.join(' AND ')}` : ''}`;
    const countValues = [...values];
    if (query.after) {
      values.push(query.after.updatedAt, query.after.id);
      filters.push(`(t.updated_at, t.id) > ($${values.length - 1}::timestamptz, $${values.length}::int)`);
    }
    values.push(query.limit + 1, query.offset);
    // t.updated_at, qualified: the table's timestamp, not the formatted text column of the same name.
    const pageSql = `SELECT ${EXPORT_COLUMNS[table]} FROM ${this.table(table)} AS t${filters.length ? ` WHERE ${filters.join(' AND ')}` : ''}
      ORDER BY t.updated_at, t.id LIMIT $${values.length - 1} OFFSET $${values.length}`;

    const counting =
      query.knownTotal !== undefined
        ? Promise.resolve(query.knownTotal)
        : this.pool.query<{ total: number }>(countSql, countValues).then((r) => r.rows[0].total);
    const [rows, total] = await Promise.all([this.pool.query(pageSql, values), counting]);
    const fetched = rows.rows.slice(0, query.limit) as Row[];
    if (table === 'orders') await this.attachItems(fetched);
    const data = withinBytes(fetched, this.pageMaxBytes);
    const hasMore = rows.rows.length > query.limit || data.length < fetched.length;
    const last = data[data.length - 1];
    return {
      data,
      count: data.length,
      total,
      limit: query.limit,
      offset: query.offset,
      has_more: hasMore,
      next_cursor: hasMore && last ? cursorOf(last, total) : null,
    };
  }

  /** Every row of every table, by id; orders carry their items. */
  async everything(): Promise<Record<templateExport.ExportTable, Row[]>> {
    const tables = Object.keys(EXPORT_COLUMNS) as templateExport.ExportTable[];
    const results = await Promise.all(tables.map((name) => this.pool.query(`SELECT ${EXPORT_COLUMNS[name]} FROM ${this.table(name)} AS t ORDER BY t.id`)));
    const all = Object.fromEntries(tables.map((name, i) => [name, results[i].rows])) as Record<templateExport.ExportTable, Row[]>;
    await this.attachItems(all.orders);
    return all;
  }

  async countAll(): Promise<number> {
    const tables = Object.keys(EXPORT_COLUMNS).map((t) => `(SELECT count(*) FROM ${this.table(t)})`);
    const { rows } = await this.pool.query<{ total: number }>(`SELECT (${tables.join(' + ')})::int AS total`);
    return rows[0].total;
  }

  private async attachItems(orders: Row[]): Promise<void> {
    if (orders.length === 0) return;
    const { rows } = await this.pool.query<Row>(
      `SELECT ${ORDER_ITEM_COLUMNS} FROM ${this.table('order_items')} AS t WHERE t.order_id = ANY($1::int[]) ORDER BY t.order_id, t.id`,
      [orders.map((o) => o.id)],
    );
    const byOrder = new Map<number, Row[]>();
    for (const item of rows) {
      const items = byOrder.get(item.order_id as number);
      if (items) items.push(item);
      else byOrder.set(item.order_id as number, [item]);
    }
    for (const order of orders) order.items = byOrder.get(order.id) ?? [];
  }
}
