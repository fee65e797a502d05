import pg from 'pg';
import { loadConfig, migrate } from '@platform/service-kit';
import { aiEnvSchema } from './config.js';
import { aiMigrations, aiSchema } from './schema.js';

const config = loadConfig(aiEnvSchema);
const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 1 });
try {
  const applied = await migrate(pool, aiSchema(config), aiMigrations());
  console.log(`ai: ${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'}`);
} finally {
  await pool.end();
}
