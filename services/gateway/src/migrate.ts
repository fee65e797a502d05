import pg from 'pg';
import { loadConfig, loadMigrations, migrate, schemaNameFor } from '@platform/service-kit';
import { migrationsDir } from './app.js';
import { gatewayEnvSchema } from './config.js';

const config = loadConfig(gatewayEnvSchema);
const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 1 });
try {
  const applied = await migrate(pool, schemaNameFor('gateway', config.DATABASE_SCHEMA), loadMigrations(migrationsDir));
  console.log(`gateway: ${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'}`);
} finally {
  await pool.end();
}
