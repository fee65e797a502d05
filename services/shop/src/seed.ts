import pg from 'pg';
import { loadConfig, migrate } from '@platform/service-kit';
import { shopEnvSchema } from './config.js';
import { shopMigrations, shopSchema } from './schema.js';
import { seedDemoCatalog } from './store/demo-catalog-seed.js';

/** With SEED_DEMO_DATA=true, the demo clubs and products (src/store/demo-catalog.ts). Safe to run again. */
const config = loadConfig(shopEnvSchema);
if (config.SEED_DEMO_DATA) {
  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 1 });
  try {
    const schema = shopSchema(config);
    await migrate(pool, schema, shopMigrations());
    const seeded = await seedDemoCatalog(pool, schema);
    console.log(`shop seed: ${seeded.clubs} clubs and ${seeded.products} products added (the others were there)`);
  } finally {
    await pool.end();
  }
}
