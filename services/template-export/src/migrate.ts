import { loadConfig, loadMigrations, migrate, schemaNameFor } from '@platform/service-kit';
import pg from 'pg';
import { migrationsDir } from './app.js';
import { templateExportEnvSchema } from './config.js';

const config = loadConfig(templateExportEnvSchema);
const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 1 });
try {
  const applied = await migrate(pool, schemaNameFor('template-export', config.DATABASE_SCHEMA), loadMigrations(migrationsDir));
  console.log(`template-export: ${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'}`);
} finally {
  await pool.end();
}
