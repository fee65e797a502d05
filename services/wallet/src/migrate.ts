import pg from 'pg';
import { loadConfig, migrate } from '@platform/service-kit';
import { walletEnvSchema } from './config.js';
import { walletMigrations, walletSchema } from './schema.js';

const config = loadConfig(walletEnvSchema);
const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 1 });
try {
  const applied = await migrate(pool, walletSchema(config), walletMigrations());
  console.log(`wallet: ${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'}`);
} finally {
  await pool.end();
}
