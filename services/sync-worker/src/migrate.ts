import { loadConfig, loadMigrations, migrate, schemaNameFor } from '@platform/service-kit';
import pg from 'pg';
import { migrationsDir } from './app.js';
import { syncWorkerEnvSchema } from './config.js';

const config = loadConfig(syncWorkerEnvSchema);
const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 1 });
try {
  const applied = await migrate(pool, schemaNameFor('sync-worker', config.DATABASE_SCHEMA), loadMigrations(migrationsDir));
  console.log(`sync-worker: ${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'}`);
} finally {
  await pool.end();
}
