import pg from 'pg';
import { loadConfig, migrate } from '@platform/service-kit';
import { ticketsEnvSchema } from './config.js';
import { ticketsMigrations, ticketsSchema } from './schema.js';

const config = loadConfig(ticketsEnvSchema);
const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 1 });
try {
  const applied = await migrate(pool, ticketsSchema(config), ticketsMigrations());
  console.log(`tickets: ${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'}`);
} finally {
  await pool.end();
}
