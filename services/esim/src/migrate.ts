import pg from 'pg';
import { loadConfig, migrate } from '@platform/service-kit';
import { esimEnvSchema } from './config.js';
import { esimMigrations, esimSchema } from './schema.js';

const config = loadConfig(esimEnvSchema);
const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 1 });
try {
  const applied = await migrate(pool, esimSchema(config), esimMigrations());
  console.log(`esim: ${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'}`);
} finally {
  await pool.end();
}
