import { loadConfig, migrateDatabase, postgresEnvSchema } from '@platform/service-kit';
import { syncWorkerMigrations, syncWorkerSchema } from './schema.js';

// Only the database settings: migrating needs neither NATS, nor Redis, nor object storage.
const config = loadConfig(postgresEnvSchema);
await migrateDatabase({ service: 'sync-worker', databaseUrl: config.DATABASE_URL, schema: syncWorkerSchema(config), migrations: syncWorkerMigrations() });
