import pg from 'pg';
import { loadConfig, migrate } from '@platform/service-kit';
import { esimEnvSchema } from './config.js';
import { esimMigrations, esimSchema } from './schema.js';
import { seedDemoPlans } from './store/demo-plans-seed.js';

/** With SEED_DEMO_DATA=true, the demo data plans (src/store/demo-plans.ts). Safe to run again. */
const config = loadConfig(esimEnvSchema);
if (config.SEED_DEMO_DATA) {
  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 1 });
  try {
    const schema = esimSchema(config);
    await migrate(pool, schema, esimMigrations());
    const added = await seedDemoPlans(pool, schema);
    console.log(`esim seed: ${added} plans added (the others were there)`);
  } finally {
    await pool.end();
  }
}
