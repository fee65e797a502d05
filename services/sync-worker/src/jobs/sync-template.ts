import { templateExport } from '@platform/contracts';
import type { Logger } from '@platform/service-kit';
import { type ExportRow, offsetPagingDone, type ReceivedPage } from '../domain/export-page.js';
import { emptyCounts, laterCursor, readFrom, sameCursor, type TableCounts, type TableCursor } from '../domain/sync-window.js';
import type { SyncMetrics } from '../metrics.js';
import { keyOf, MIRROR_TABLES } from '../store/mirror-tables.js';
import type { MirrorTransaction, MirrorWriter } from '../store/mirror-writer.js';
import { type PageRequest, TemplateApiError, type TemplateClient } from '../clients/template-api.js';

export type SyncMode = 'incremental' | 'full';

export interface SyncDeps {
  client: TemplateClient;
  writer: MirrorWriter;
  pageSize: number;
  overlapMs: number;
  logger: Logger;
  metrics: SyncMetrics;
}

type ExportedTable = (typeof templateExport.EXPORT_TABLES)[number];

/** Rows a table read has kept so far, and where its cursor stands. */
interface TableRead {
  counts: TableCounts;
  last: TableCursor | undefined;
}

/** Every row must carry the key it is mirrored by: a row without one cannot be upserted, and the run fails saying so. */
function checkKeys(exported: ExportedTable, rows: ExportRow[]): void {
  const spec = MIRROR_TABLES[exported.table];
  const bad = rows.findIndex((row) => keyOf(spec, row) === undefined);
  if (bad >= 0) {
    throw new TemplateApiError(
      `Template API ${exported.path}: data.${bad}.${spec.key}: is missing or not ${spec.key === 'id' ? 'an integer' : 'a string'}`,
      false,
      'template_error',
    );
  }
}

async function writeRows(tx: MirrorTransaction, exported: ExportedTable, rows: ExportRow[], read: TableRead): Promise<void> {
  checkKeys(exported, rows);
  const written =
    exported.table === 'orders'
      ? await tx.writeOrders(rows)
      : await tx.write(MIRROR_TABLES[exported.table], rows).then((r) => ({ inserted: r.insertedKeys.length, updated: r.updated }));
  read.counts.fetched += rows.length;
  read.counts.inserted += written.inserted;
  read.counts.updated += written.updated;
}

/**
 * Our Template's additions: pages follow `next_cursor`, and rows come in
 * (updated_at, id) order, so the last row of the read is the new cursor.
 * While a page is written, the next one is already being read.
 */
async function readByCursor(deps: SyncDeps, tx: MirrorTransaction, exported: ExportedTable, request: PageRequest, first: ReceivedPage, read: TableRead) {
  let page = first;
  for (;;) {
    const next = page.nextCursor ? deps.client.page(exported.path, { ...request, cursor: page.nextCursor }) : undefined;
    // If writing fails first, the read in flight is abandoned; its own error must not go unhandled.
    next?.catch(() => undefined);
    await writeRows(tx, exported, page.rows, read);
    const tail = page.rows[page.rows.length - 1];
    if (tail && typeof tail.updated_at === 'string' && typeof tail.id === 'number')
      read.last = laterCursor(read.last, { updatedAt: tail.updated_at, id: tail.id });
    if (!next) return;
    page = await next;
  }
}

/**
 * The seed's paging, for any Template: `limit` and `offset`, until an empty
 * page or a short one (offsetPagingDone). A row seen earlier in this read is
 * not written twice (offsets shift when the Template inserts meanwhile), and
 * a page with nothing new ends the read: a Template that ignores `offset`
 * would otherwise answer its first page for ever.
 */
async function readByOffset(deps: SyncDeps, tx: MirrorTransaction, exported: ExportedTable, limit: number, first: ReceivedPage, read: TableRead) {
  const spec = MIRROR_TABLES[exported.table];
  const seen = new Set<string | number>();
  let page = first;
  let offset = 0;
  let longest = 0;
  for (;;) {
    checkKeys(exported, page.rows);
    const fresh = page.rows.filter((row) => !seen.has(keyOf(spec, row)!));
    for (const row of fresh) seen.add(keyOf(spec, row)!);
    const done = offsetPagingDone(page.rows.length, limit, longest) || fresh.length === 0;
    if (page.rows.length > 0 && fresh.length === 0)
      deps.logger.debug({ table: exported.table, offset }, 'the Template answered no new row at this offset (it may not page this table): the table is read');
    longest = Math.max(longest, page.rows.length);
    offset += page.rows.length;
    const next = done ? undefined : deps.client.page(exported.path, { limit, offset });
    next?.catch(() => undefined);
    await writeRows(tx, exported, fresh, read);
    if (!next) return;
    page = await next;
  }
}

/**
 * Reads one table completely and writes it in one transaction with its new
 * cursor, so the cursor moves only if every row before it is committed. The
 * first request is the seed's (limit, offset 0), plus `updated_since` only
 * when a saved cursor says this Template pages by cursor; its answer tells
 * how to go on. A Template that stops paging by cursor loses the saved one.
 */
async function syncTable(deps: SyncDeps, exported: ExportedTable, stored: TableCursor | undefined, mode: SyncMode): Promise<TableCounts> {
  const read: TableRead = { counts: emptyCounts(), last: stored };
  const request: PageRequest = { limit: deps.pageSize, updatedSince: mode === 'incremental' ? readFrom(stored, deps.overlapMs) : undefined };
  await deps.writer.inTransaction(async (tx) => {
    const first = await deps.client.page(exported.path, { ...request, offset: 0 });
    if (first.nextCursor !== undefined) {
      await readByCursor(deps, tx, exported, request, first, read);
      if (read.last && !sameCursor(read.last, stored)) await tx.saveCursor(exported.table, read.last);
    } else {
      await readByOffset(deps, tx, exported, deps.pageSize, first, read);
      if (stored) await tx.dropCursor(exported.table);
    }
  });
  return read.counts;
}

/**
 * One sync run: every table in turn, each in its own transaction. Counts of
 * committed tables land in `progress` as they commit, so a run that fails
 * half-way still reports what it did.
 */
export async function syncTemplate(deps: SyncDeps, mode: SyncMode, progress: Record<string, TableCounts> = {}): Promise<Record<string, TableCounts>> {
  const cursors = await deps.writer.cursors();
  for (const exported of templateExport.EXPORT_TABLES) {
    const started = performance.now();
    const counts = await syncTable(deps, exported, cursors.get(exported.table), mode);
    progress[exported.table] = counts;
    for (const outcome of ['fetched', 'inserted', 'updated'] as const) deps.metrics.items.inc({ table: exported.table, outcome }, counts[outcome]);
    deps.logger.info({ table: exported.table, ...counts, ms: Math.round(performance.now() - started) }, 'table synced');
  }
  return progress;
}
