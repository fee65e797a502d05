import type { templateExport } from '@platform/contracts';
import type { ExportRow } from '../domain/export-page.js';
import { type PgType, typedValue } from '../domain/typed-fields.js';

/**
 * How each Template table lands in the Dashboard: its typed columns (named
 * as in the export), the key a row is matched on, and whether a row already
 * there may change. Every table also keeps the whole row as received in
 * `raw` (jsonb), so fields the Dashboard has never heard of are not lost.
 * Orders are insert-only, as the seed says: the Dashboard keeps an order as
 * it was first synced.
 */
export interface MirrorTable {
  table: templateExport.ExportTable | 'order_items';
  key: string;
  mode: 'upsert' | 'insert-only';
  columns: ReadonlyArray<readonly [name: string, type: PgType]>;
}

const stamps = [
  ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
] as const;

export const MIRROR_TABLES: Record<MirrorTable['table'], MirrorTable> = {
  settings: {
    table: 'settings',
    key: 'key',
    mode: 'upsert',
    columns: [['key', 'text'], ['id', 'int4'], ['value', 'text'], ...stamps],
  },
  paintings: {
    table: 'paintings',
    key: 'id',
    mode: 'upsert',
    columns: [
      ['id', 'int4'],
      ['name', 'text'],
      ['description', 'text'],
      ['artist', 'text'],
      ['category', 'text'],
      ['technique', 'text'],
      ['width_cm', 'int4'],
      ['height_cm', 'int4'],
      ['year', 'int4'],
      ['price_cents', 'int4'],
      ['currency', 'text'],
      ['image_url', 'text'],
      ['status', 'text'],
      ...stamps,
    ],
  },
  orders: {
    table: 'orders',
    key: 'id',
    mode: 'insert-only',
    columns: [
      ['id', 'int4'],
      ['customer_name', 'text'],
      ['customer_email', 'text'],
      ['customer_phone', 'text'],
      ['shipping_address', 'text'],
      ['status', 'text'],
      ['total_cents', 'int4'],
      ['currency', 'text'],
      ...stamps,
    ],
  },
  order_items: {
    table: 'order_items',
    key: 'id',
    mode: 'insert-only',
    columns: [
      ['id', 'int4'],
      ['order_id', 'int4'],
      ['painting_id', 'int4'],
      ['painting_name', 'text'],
      ['quantity', 'int4'],
      ['unit_price_cents', 'int4'],
      ...stamps,
    ],
  },
  users: {
    table: 'users',
    key: 'id',
    mode: 'upsert',
    columns: [['id', 'int4'], ['email', 'text'], ['name', 'text'], ['role', 'text'], ['phone', 'text'], ...stamps],
  },
  exhibitions: {
    table: 'exhibitions',
    key: 'id',
    mode: 'upsert',
    columns: [['id', 'int4'], ['title', 'text'], ['description', 'text'], ['location', 'text'], ['start_date', 'date'], ['end_date', 'date'], ...stamps],
  },
  custom_requests: {
    table: 'custom_requests',
    key: 'id',
    mode: 'upsert',
    columns: [
      ['id', 'int4'],
      ['client_name', 'text'],
      ['client_email', 'text'],
      ['client_phone', 'text'],
      ['description', 'text'],
      ['dimensions', 'text'],
      ['budget_cents', 'int4'],
      ['status', 'text'],
      ...stamps,
    ],
  },
};

/** The last column of every mirror table: the row exactly as the Template sent it. */
const RAW = 'raw';

/**
 * One statement writes a whole page: the rows travel as one array per column
 * and unnest() turns them back into rows. An upsert first drops the rows that
 * are already there with the same values (a read-only join on the key), so
 * re-reading unchanged rows writes nothing at all: no new row version, not
 * even the row lock an ON CONFLICT DO UPDATE ... WHERE false would take. It
 * answers the keys it inserted and how many rows it updated.
 */
export function writeStatement(schema: string, spec: MirrorTable): string {
  const names = [...spec.columns.map(([name]) => name), RAW];
  const arrays = [...spec.columns.map(([, type], i) => `$${i + 1}::${type}[]`), `$${spec.columns.length + 1}::jsonb[]`].join(', ');
  const target = `${schema}.${spec.table}`;
  if (spec.mode === 'insert-only') {
    return `WITH written AS (
        INSERT INTO ${target} AS t (${names.join(', ')}) SELECT * FROM unnest(${arrays})
        ON CONFLICT (${spec.key}) DO NOTHING RETURNING ${spec.key} AS key
      )
      SELECT coalesce(array_agg(key), '{}') AS inserted_keys, 0 AS updated FROM written`;
  }
  const changing = names.filter((name) => name !== spec.key);
  const differs = (a: string, b: string) =>
    `(${changing.map((c) => `${a}.${c}`).join(', ')}) IS DISTINCT FROM (${changing.map((c) => `${b}.${c}`).join(', ')})`;
  return `WITH incoming AS (SELECT * FROM unnest(${arrays}) AS r(${names.join(', ')})),
    changed AS (
      SELECT r.* FROM incoming AS r LEFT JOIN ${target} AS t ON t.${spec.key} = r.${spec.key}
      WHERE t.${spec.key} IS NULL OR ${differs('t', 'r')}
    ),
    written AS (
      INSERT INTO ${target} AS t (${names.join(', ')}) SELECT ${names.join(', ')} FROM changed
      ON CONFLICT (${spec.key}) DO UPDATE SET ${changing.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}, synced_at = now()
      WHERE ${differs('t', 'EXCLUDED')}
      RETURNING (xmax = 0) AS inserted, ${spec.key} AS key
    )
    SELECT coalesce(array_agg(key) FILTER (WHERE inserted), '{}') AS inserted_keys, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM written`;
}

/** The row's key as the table stores it (an integer id, or the setting's text key), or undefined when it has none. */
export function keyOf(spec: MirrorTable, row: ExportRow): string | number | undefined {
  const type = spec.columns.find(([name]) => name === spec.key)![1];
  const key = typedValue(row, spec.key, type);
  return key === null || key === '' ? undefined : key;
}

/** The statement's parameters: one array per typed column, in column order, then the rows as JSON. */
export function writeParameters(spec: MirrorTable, rows: ReadonlyArray<ExportRow>): unknown[][] {
  return [...spec.columns.map(([name, type]) => rows.map((row) => typedValue(row, name, type))), rows.map((row) => JSON.stringify(row))];
}
