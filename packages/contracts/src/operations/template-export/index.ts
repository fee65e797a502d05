import type { EventContract } from '../../events.js';
import { exportFull } from './full.js';
import { exportStats } from './stats.js';
import { exportCustomRequests, exportExhibitions, exportOrders, exportPaintings, exportSettings, exportUsers } from './tables.js';

/**
 * The Template's export API (seed 002): GET /api/export/<name>, guarded by the
 * X-API-Key header. Paths, the `{data, count}` envelope, `{stats}` and the
 * `full` shape are the seed's public contract; `total`, `next_cursor`,
 * `has_more`, `limit`, `offset` and `updated_since` are additions for paging
 * and incremental sync. Field names stay snake_case, as the seed's Python
 * client reads them.
 */

export * from './pages.js';
export * from './rows.js';
export * from './tables.js';
export * from './stats.js';
export * from './full.js';

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
