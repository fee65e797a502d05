import pg from 'pg';
import { loadConfig, migrate } from '@platform/service-kit';
import { ticketsEnvSchema } from './config.js';
import { ticketsMigrations, ticketsSchema } from './schema.js';
import { seedDemoCatalog } from './store/demo-catalog-seed.js';

/** With SEED_DEMO_DATA=true, the demo matches of psg, om and ol with their categories. Safe to run again. */
const config = loadConfig(ticketsEnvSchema);
if (config.SEED_DEMO_DATA) {
  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 1 });
  try {
    const schema = ticketsSchema(config);
    await migrate(pool, schema, ticketsMigrations());
    const { created, rescheduled } = await seedDemoCatalog(pool, schema);
    console.log(`tickets seed: ${created} demo events created, ${rescheduled} past ones rescheduled`);
  } finally {
    await pool.end();
  }
}
