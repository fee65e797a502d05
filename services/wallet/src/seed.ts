import { DEMO_USERS } from '@platform/contracts';
import pg from 'pg';
import { loadConfig, migrate } from '@platform/service-kit';
import { walletEnvSchema } from './config.js';
import { seedDemoBalances } from './store/demo-balances.js';
import { walletMigrations, walletSchema } from './schema.js';
import { Ledger } from './store/ledger.js';

/** With SEED_DEMO_DATA=true, credits the demo users (DEMO_USERS) once. Safe to run again. */
const config = loadConfig(walletEnvSchema);
if (config.SEED_DEMO_DATA) {
  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 1 });
  try {
    const schema = walletSchema(config);
    await migrate(pool, schema, walletMigrations());
    const { credited } = await seedDemoBalances(new Ledger(pool, schema), config.WALLET_DEMO_BALANCE);
    console.log(`wallet seed: ${credited} of ${DEMO_USERS.length} demo users credited now (the others were already)`);
  } finally {
    await pool.end();
  }
}
