import { templateExport } from '@platform/contracts';
import { createPool, migrate, mountOperationRoutes, Service } from '@platform/service-kit';
import type { TemplateExportConfig } from './config.js';
import { ApiKeyVerifier } from './domain/api-key.js';
import { exportHandlers } from './operations/export.js';
import { seedDemoData } from './store/demo-data.js';
import { ExportReader } from './store/export-reader.js';
import { createPrisma } from './store/prisma.js';
import { readStats } from './store/stats.js';
import { templateExportMigrations, templateExportSchema } from './schema.js';

/**
 * The Template's export API (seed 002). Served over NATS behind the gateway,
 * and on this service's own HTTP server at the same /api/export/* paths, so
 * a Dashboard can also call it directly.
 */
export async function buildTemplateExportService(config: TemplateExportConfig): Promise<Service> {
  const service = new Service({ name: 'template-export', config });
  const schema = templateExportSchema(config);
  const pool = createPool(service, { connectionString: config.DATABASE_URL, max: config.DATABASE_POOL_SIZE });
  if (config.MIGRATE_ON_START) await migrate(pool, schema, templateExportMigrations());
  const db = createPrisma({ url: config.DATABASE_URL, schema, poolSize: config.DATABASE_POOL_SIZE });
  service.onShutdown('prisma', () => db.$disconnect());
  if (config.SEED_DEMO_DATA) await seedDemoData(db, schema);

  const keys = new ApiKeyVerifier(config.TEMPLATE_MASTER_API_KEY);
  if (!keys.configured) service.logger.warn('TEMPLATE_MASTER_API_KEY is not set: every export request will be refused with 401');

  service.serve(
    exportHandlers(service, {
      keys,
      reader: new ExportReader(pool, schema, config.EXPORT_PAGE_MAX_BYTES),
      db,
      limits: { fullMaxRecords: config.FULL_EXPORT_MAX_RECORDS, fullMaxBytes: config.FULL_EXPORT_MAX_BYTES },
    }),
  );
  // The kit's mountStandaloneRoutes insists on a JWT secret; api-key routes need none, so mount them directly.
  mountOperationRoutes(service.http, templateExport.templateExportOperations, { dispatch: service.dispatchLocal });
  service.setStatsProvider(async () => {
    const { last_updated_at: _last, ...counts } = await readStats(db);
    return counts;
  });
  await service.connect();
  return service;
}
