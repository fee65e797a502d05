import pg from 'pg';
import { loadConfig, migrate } from '@platform/service-kit';
import { shopEnvSchema } from './config.js';
import { shopMigrations, shopSchema } from './schema.js';

const config = loadConfig(shopEnvSchema);
const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 1 });
try {
  const applied = await migrate(pool, shopSchema(config), shopMigrations());
  console.log(`shop: ${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'}`);
} finally {
  await pool.end();
}
