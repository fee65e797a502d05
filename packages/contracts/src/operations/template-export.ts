import { z } from 'zod';
import type { EventContract } from '../events.js';
import { cursor } from '../fields.js';
import { defineOperation } from '../operation.js';

/**
 * The Template's export API (seed 002): GET /api/export/<name>, guarded by the
 * X-API-Key header. Paths, the `{data, count}` envelope, `{stats}` and the
 * `full` shape are the seed's public contract; `total`, `next_cursor`,
 * `has_more`, `limit`, `offset` and `updated_since` are additions for paging
 * and incremental sync. Field names stay snake_case, as the seed's Python
 * client reads them.
 */

/**
 * Biggest page. Behind the gateway a page travels in one NATS message (1 MiB
 * max), so the service also stops a page early when its JSON would pass
 * EXPORT_PAGE_MAX_BYTES: `count` may then be below `limit`, with `has_more`
 * true. Continue from `next_cursor` (or `offset + count`), not `offset + limit`.
 */
export const EXPORT_MAX_LIMIT = 5000;
/** The seed's client asks paintings with limit=1000 and users without a limit; 1000 serves both. */
export const EXPORT_DEFAULT_LIMIT = 1000;

const timestamp = z.string().describe('ISO 8601, millisecond precision, UTC');
const id = z.number().int();

export const settingRow = z.object({ id, key: z.string(), value: z.string(), created_at: timestamp, updated_at: timestamp });

export const paintingRow = z.object({
  id,
  name: z.string(),
  description: z.string(),
  artist: z.string(),
  category: z.string().nullable(),
  technique: z.string().nullable(),
  width_cm: z.number().int().nullable(),
  height_cm: z.number().int().nullable(),
  year: z.number().int().nullable(),
  price_cents: z.number().int().describe('Price in euro cents (exact integer, never a float)'),
  currency: z.string(),
  image_url: z.string().nullable(),
  status: z.string(),
  created_at: timestamp,
  updated_at: timestamp,
});

export const orderItemRow = z.object({
  id,
  order_id: id,
  painting_id: id.nullable(),
  painting_name: z.string(),
  quantity: z.number().int(),
  unit_price_cents: z.number().int(),
  created_at: timestamp,
  updated_at: timestamp,
});

export const orderRow = z.object({
  id,
  customer_name: z.string(),
  customer_email: z.string(),
  customer_phone: z.string().nullable(),
  shipping_address: z.string(),
  status: z.string(),
  total_cents: z.number().int(),
  currency: z.string(),
  created_at: timestamp,
  updated_at: timestamp,
  items: z.array(orderItemRow),
});

/** No password hash, ever: the schema has no such field, so even a stray column would be stripped. */
export const userRow = z.object({
  id,
  email: z.string(),
  name: z.string(),
  role: z.string(),
  phone: z.string().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});

export const exhibitionRow = z.object({
  id,
  title: z.string(),
  description: z.string(),
  location: z.string(),
  start_date: z.string().nullable().describe('YYYY-MM-DD'),
  end_date: z.string().nullable().describe('YYYY-MM-DD'),
  created_at: timestamp,
  updated_at: timestamp,
});

export const customRequestRow = z.object({
  id,
  client_name: z.string(),
  client_email: z.string(),
  client_phone: z.string().nullable(),
  description: z.string(),
  dimensions: z.string().nullable(),
  budget_cents: z.number().int().nullable(),
  status: z.string(),
  created_at: timestamp,
  updated_at: timestamp,
});

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

const listOperation = <O extends z.ZodType>(op: string, path: string, summary: string, output: O, exampleOutput: z.output<O>) =>
  defineOperation({
    name: `template-export.${op}`,
    service: 'template-export',
    summary,
    auth: 'api-key',
    errorStyle: 'flat',
    http: { method: 'GET', path: `/api/export/${path}` },
    input: exportPageInput,
    output,
    tags: ['template-export'],
    examples: { input: { limit: 100, updated_since: '2026-03-01T00:00:00Z' }, output: exampleOutput },
  });

// ---------------------------------------------------------------- examples shown in /docs

const exampleStamps = { created_at: '2026-01-10T10:00:00.000Z', updated_at: '2026-03-01T08:15:00.000Z' };

/** A last page of one row, as a client sees it after following next_cursor. */
const examplePage = <Row>(row: Row) => ({ data: [row], count: 1, total: 1, limit: 100, offset: 0, has_more: false, next_cursor: null });

const exampleSetting = { id: 1, key: 'site_title', value: 'Galerie Template', ...exampleStamps } satisfies z.output<typeof settingRow>;

const examplePainting = {
  id: 12,
  name: 'Lumière sur la Seine',
  description: 'Huile sur toile, vue des quais au crépuscule',
  artist: 'Claire Moreau',
  category: 'paysage',
  technique: 'huile',
  width_cm: 80,
  height_cm: 60,
  year: 2024,
  price_cents: 185_000,
  currency: 'EUR',
  image_url: 'https://cdn.example.com/paintings/12.jpg',
  status: 'available',
  ...exampleStamps,
} satisfies z.output<typeof paintingRow>;

const exampleOrder = {
  id: 7,
  customer_name: 'Jean Dupont',
  customer_email: 'jean.dupont@example.com',
  customer_phone: '+33612345678',
  shipping_address: '12 rue de Rivoli, 75001 Paris',
  status: 'paid',
  total_cents: 185_000,
  currency: 'EUR',
  ...exampleStamps,
  items: [{ id: 9, order_id: 7, painting_id: 12, painting_name: 'Lumière sur la Seine', quantity: 1, unit_price_cents: 185_000, ...exampleStamps }],
} satisfies z.output<typeof orderRow>;

const exampleUser = { id: 3, email: 'jean.dupont@example.com', name: 'Jean Dupont', role: 'customer', phone: null, ...exampleStamps } satisfies z.output<
  typeof userRow
>;

const exampleExhibition = {
  id: 2,
  title: 'Paris la nuit',
  description: 'Vingt toiles nocturnes',
  location: 'Galerie du Marais, Paris',
  start_date: '2026-04-01',
  end_date: '2026-04-30',
  ...exampleStamps,
} satisfies z.output<typeof exhibitionRow>;

const exampleCustomRequest = {
  id: 5,
  client_name: 'Sophie Bernard',
  client_email: 'sophie.bernard@example.com',
  client_phone: null,
  description: 'Portrait de famille, style impressionniste',
  dimensions: '50x70 cm',
  budget_cents: 90_000,
  status: 'new',
  ...exampleStamps,
} satisfies z.output<typeof customRequestRow>;

export const exportSettings = listOperation('exportSettings', 'settings', 'Template settings as {key, value}', settingsPage, examplePage(exampleSetting));
export const exportPaintings = listOperation('exportPaintings', 'paintings', 'Paintings', paintingsPage, examplePage(examplePainting));
export const exportOrders = listOperation('exportOrders', 'orders', 'Orders with their items', ordersPage, examplePage(exampleOrder));
export const exportUsers = listOperation('exportUsers', 'users', 'Customer accounts (never a password hash)', usersPage, examplePage(exampleUser));
export const exportExhibitions = listOperation('exportExhibitions', 'exhibitions', 'Exhibitions', exhibitionsPage, examplePage(exampleExhibition));
export const exportCustomRequests = listOperation(
  'exportCustomRequests',
  'custom-requests',
  'Custom painting requests',
  customRequestsPage,
  examplePage(exampleCustomRequest),
);

export const templateStats = z.object({
  settings: z.number().int(),
  paintings: z.number().int(),
  paintings_available: z.number().int(),
  paintings_sold: z.number().int(),
  orders: z.number().int(),
  order_items: z.number().int(),
  revenue_cents: z.number().int(),
  users: z.number().int(),
  exhibitions: z.number().int(),
  custom_requests: z.number().int(),
  last_updated_at: z.string().nullable(),
});

export const exportStats = defineOperation({
  name: 'template-export.exportStats',
  service: 'template-export',
  summary: 'Counters of the Template (also the health check of the seed client)',
  auth: 'api-key',
  errorStyle: 'flat',
  http: { method: 'GET', path: '/api/export/stats' },
  input: z.object({}),
  output: z.object({ stats: templateStats }),
  tags: ['template-export'],
  examples: {
    input: {},
    output: {
      stats: {
        settings: 8,
        paintings: 146,
        paintings_available: 121,
        paintings_sold: 25,
        orders: 31,
        order_items: 38,
        revenue_cents: 4_215_000,
        users: 57,
        exhibitions: 4,
        custom_requests: 9,
        last_updated_at: '2026-03-01T08:15:00.000Z',
      },
    },
  },
});

export const exportFull = defineOperation({
  name: 'template-export.exportFull',
  service: 'template-export',
  summary: 'Every table in one response (small Templates only: refused with 413 above a size limit; page the other routes instead)',
  auth: 'api-key',
  errorStyle: 'flat',
  http: { method: 'GET', path: '/api/export/full' },
  input: z.object({}),
  output: z.object({
    data: z.object({
      settings: z.array(settingRow),
      paintings: z.array(paintingRow),
      orders: z.array(orderRow),
      users: z.array(userRow),
      exhibitions: z.array(exhibitionRow),
      custom_requests: z.array(customRequestRow),
    }),
    tables_count: z.number().int(),
    total_records: z.number().int(),
    exported_at: z.string(),
  }),
  timeoutMs: 30_000,
  tags: ['template-export'],
  examples: {
    input: {},
    output: {
      data: {
        settings: [exampleSetting],
        paintings: [examplePainting],
        orders: [exampleOrder],
        users: [exampleUser],
        exhibitions: [exampleExhibition],
        custom_requests: [exampleCustomRequest],
      },
      tables_count: 6,
      total_records: 6,
      exported_at: '2026-03-01T18:30:00.000Z',
    },
  },
});

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

export const templateExportOperations = [
  exportSettings,
  exportPaintings,
  exportOrders,
  exportUsers,
  exportExhibitions,
  exportCustomRequests,
  exportStats,
  exportFull,
] as const;
export const templateExportEvents: readonly EventContract[] = [];
