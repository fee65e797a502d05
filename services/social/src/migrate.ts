import { loadConfig, migrate } from '@platform/service-kit';
import pg from 'pg';
import { socialEnvSchema } from './config.js';
import { socialMigrations, socialSchema } from './schema.js';

const config = loadConfig(socialEnvSchema);
const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 1 });
try {
  const applied = await migrate(pool, socialSchema(config), socialMigrations());
  console.log(`social: ${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'}`);
} finally {
  await pool.end();
}
