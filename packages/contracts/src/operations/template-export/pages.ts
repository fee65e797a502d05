import { z } from 'zod';
import { cursor } from '../../fields.js';
import { customRequestRow, exhibitionRow, orderRow, paintingRow, settingRow, userRow } from './rows.js';

/**
 * Biggest page. Behind the gateway a page travels in one NATS message (1 MiB
 * max), so the service also stops a page early when its JSON would pass
 * EXPORT_PAGE_MAX_BYTES: `count` may then be below `limit`, with `has_more`
 * true. Continue from `next_cursor` (or `offset + count`), not `offset + limit`.
 */
export const EXPORT_MAX_LIMIT = 5000;

/** The seed's client asks paintings with limit=1000 and users without a limit; 1000 serves both. */
export const EXPORT_DEFAULT_LIMIT = 1000;

const integerParam = (name: string, min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be an integer')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .describe(name);

export const exportPageInput = z.object({
  limit: integerParam('Rows per page', 1, EXPORT_MAX_LIMIT).default(EXPORT_DEFAULT_LIMIT),
  offset: integerParam('Rows to skip (the seed style of paging; prefer the cursor)', 0, 100_000_000).default(0),
  updated_since: z
    .union([z.iso.datetime({ offset: true }), z.iso.date()], { error: 'must be an ISO 8601 date or date-time' })
    .optional()
    .describe('Only rows with updated_at >= this instant'),
  cursor: cursor.describe('next_cursor of the previous page: rows after it in (updated_at, id) order'),
});

/** Every list route answers the same envelope; rows come in (updated_at, id) order. */
const pageOf = <Row extends z.ZodType>(row: Row) =>
  z.object({
    data: z.array(row),
    count: z.number().int().describe('Rows in this page: at most limit, fewer when the page reached its size limit'),
    total: z.number().int().describe('Rows matching updated_since over all pages, as counted when paging started (the first page)'),
    limit: z.number().int(),
    offset: z.number().int(),
    has_more: z.boolean(),
    next_cursor: z.string().nullable().describe('Pass as cursor to get the next page; null on the last page'),
  });

export const settingsPage = pageOf(settingRow);

export const paintingsPage = pageOf(paintingRow);

export const ordersPage = pageOf(orderRow);

export const usersPage = pageOf(userRow);

export const exhibitionsPage = pageOf(exhibitionRow);

export const customRequestsPage = pageOf(customRequestRow);

/** The exported tables in sync order, with their route and the page schema a client validates against. */
export const EXPORT_TABLES = [
  { table: 'settings', path: 'settings', page: settingsPage },
  { table: 'paintings', path: 'paintings', page: paintingsPage },
  { table: 'orders', path: 'orders', page: ordersPage },
  { table: 'users', path: 'users', page: usersPage },
  { table: 'exhibitions', path: 'exhibitions', page: exhibitionsPage },
  { table: 'custom_requests', path: 'custom-requests', page: customRequestsPage },
] as const;

export type ExportTable = (typeof EXPORT_TABLES)[number]['table'];
