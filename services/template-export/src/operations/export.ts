import { DomainError, type Operation, templateExport } from '@platform/contracts';
import { addCounter, type HandlerContext, type HandlersOf, type OperationHandler, type Service } from '@platform/service-kit';
import type { ApiKeyVerifier } from '../domain/api-key.js';
import { exportQueryOf } from '../domain/export-query.js';
import type { ExportReader } from '../store/export-reader.js';
import type { Db } from '../store/prisma.js';
import { readStats } from '../store/stats.js';

export interface ExportDeps {
  keys: ApiKeyVerifier;
  reader: ExportReader;
  db: Db;
  limits: { fullMaxRecords: number; fullMaxBytes: number };
}

/**
 * Every export route checks X-API-Key itself (auth level 'api-key': the
 * gateway only forwards the header). Refusals are counted by reason; the key
 * is never logged, only the fact that it was missing or wrong.
 */
function keyGuard(service: Service, keys: ApiKeyVerifier) {
  const failures = addCounter(service.metrics, {
    name: 'template_export_auth_failures_total',
    help: 'Export requests refused for a missing or wrong X-API-Key',
    labelNames: ['reason'],
  });
  return <Op extends Operation>(handler: OperationHandler<Op>): OperationHandler<Op> =>
    (input, ctx: HandlerContext) => {
      const result = keys.check(ctx.apiKey);
      if (result !== 'ok') {
        failures.inc({ reason: result });
        ctx.log.info({ reason: result, ip: ctx.ip }, 'export request refused: bad API key');
        throw new DomainError('UNAUTHENTICATED', result === 'missing' ? 'Missing X-API-Key header' : 'Invalid API key');
      }
      return handler(input, ctx);
    };
}

/** The six list routes: one table each, a page at a time. */
type ListOperation = Operation<typeof templateExport.exportPageInput, any>;

export function exportHandlers(service: Service, deps: ExportDeps) {
  const guarded = keyGuard(service, deps.keys);
  const listOf = (table: templateExport.ExportTable) => guarded<ListOperation>((input) => deps.reader.page(table, exportQueryOf(input)));

  return {
    [templateExport.exportSettings.name]: listOf('settings'),
    [templateExport.exportPaintings.name]: listOf('paintings'),
    [templateExport.exportOrders.name]: listOf('orders'),
    [templateExport.exportUsers.name]: listOf('users'),
    [templateExport.exportExhibitions.name]: listOf('exhibitions'),
    [templateExport.exportCustomRequests.name]: listOf('custom_requests'),

    [templateExport.exportStats.name]: guarded(async () => ({ stats: await readStats(deps.db) })),

    [templateExport.exportFull.name]: guarded(async () => {
      const tooLarge = (what: string) =>
        new DomainError('PAYLOAD_TOO_LARGE', `The full export is ${what}; page through /api/export/<table> with limit and cursor instead`);
      const records = await deps.reader.countAll();
      if (records > deps.limits.fullMaxRecords) throw tooLarge(`${records} records, over the limit of ${deps.limits.fullMaxRecords}`);
      const data = await deps.reader.everything();
      const result = {
        data,
        tables_count: Object.keys(data).length,
        total_records: Object.values(data).reduce((sum, rows) => sum + rows.length, 0),
        exported_at: new Date().toISOString(),
      };
      const bytes = Buffer.byteLength(JSON.stringify(result));
      if (bytes > deps.limits.fullMaxBytes) throw tooLarge(`${bytes} bytes, over the limit of ${deps.limits.fullMaxBytes}`);
      // Rows come from the SQL column lists; runOperation checks them against the contract before they leave.
      return result as never;
    }),
  } satisfies HandlersOf<'template-export'>;
}
