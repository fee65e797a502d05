import { templateExport } from '@platform/contracts';
import type { Logger } from '@platform/service-kit';
import { emptyCounts, laterCursor, readFrom, sameCursor, type TableCounts, type TableCursor } from '../domain/sync-window.js';
import type { SyncMetrics } from '../metrics.js';
import { MIRROR_TABLES } from '../store/mirror-tables.js';
import type { MirrorTransaction, MirrorWriter } from '../store/mirror-writer.js';
import type { ExportPage, TemplateClient } from '../clients/template-api.js';

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

async function writePage(tx: MirrorTransaction, table: ExportedTable['table'], rows: ExportPage['data']): Promise<{ inserted: number; updated: number }> {
  if (table === 'orders') return tx.writeOrders(rows as Array<Record<string, unknown> & { id: number; items: Array<Record<string, unknown>> }>);
  const { insertedKeys, updated } = await tx.write(MIRROR_TABLES[table], rows as Array<Record<string, unknown>>);
  return { inserted: insertedKeys.length, updated };
}

/**
 * Reads one table page by page (all of it: the seed's client stopped after
 * the first page) and writes it in one transaction with its new cursor, so
 * the cursor moves only if every row before it is committed. While a page is
 * written, the next one is already being read.
 */
async function syncTable(deps: SyncDeps, exported: ExportedTable, stored: TableCursor | undefined, mode: SyncMode): Promise<TableCounts> {
  const counts = emptyCounts();
  const request = { limit: deps.pageSize, updatedSince: mode === 'incremental' ? readFrom(stored, deps.overlapMs) : undefined };
  await deps.writer.inTransaction(async (tx) => {
    let last = stored;
    let pending: Promise<ExportPage> | undefined = deps.client.page(exported.path, exported.page, request);
    while (pending) {
      const page: ExportPage = await pending;
      pending = page.next_cursor ? deps.client.page(exported.path, exported.page, { ...request, cursor: page.next_cursor }) : undefined;
      // If writing fails first, the read in flight is abandoned; its own error must not go unhandled.
      pending?.catch(() => undefined);
      const written = await writePage(tx, exported.table, page.data);
      counts.fetched += page.data.length;
      counts.inserted += written.inserted;
      counts.updated += written.updated;
      const tail = page.data[page.data.length - 1];
      if (tail) last = laterCursor(last, { updatedAt: tail.updated_at, id: tail.id });
    }
    if (last && !sameCursor(last, stored)) await tx.saveCursor(exported.table, last);
  });
  return counts;
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
