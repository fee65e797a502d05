import pg from 'pg';
import { loadConfig, loadMigrations, migrate, outboxMigrations, postgresEnvSchema, schemaNameFor } from '@platform/service-kit';
import { migrationsDir } from './app.js';

// Only the database settings: migrating needs neither NATS nor object storage.
const config = loadConfig(postgresEnvSchema);
const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 1 });
try {
  const applied = await migrate(pool, schemaNameFor('orders-snapshot', config.DATABASE_SCHEMA), [...outboxMigrations, ...loadMigrations(migrationsDir)]);
  console.log(`orders-snapshot: ${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'}`);
} finally {
  await pool.end();
}
