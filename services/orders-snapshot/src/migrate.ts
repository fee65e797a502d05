import { loadConfig, migrateDatabase, postgresEnvSchema } from '@platform/service-kit';
import { ordersSnapshotMigrations, ordersSnapshotSchema } from './schema.js';

// Only the database settings: migrating needs neither NATS, nor Redis, nor object storage.
const config = loadConfig(postgresEnvSchema);
await migrateDatabase({
  service: 'orders-snapshot',
  databaseUrl: config.DATABASE_URL,
  schema: ordersSnapshotSchema(config),
  migrations: ordersSnapshotMigrations(),
});
