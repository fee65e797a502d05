import { loadConfig, migrateDatabase, postgresEnvSchema } from '@platform/service-kit';
import { storageMigrations, storageSchema } from './schema.js';

// Only the database settings: migrating needs neither NATS, nor Redis, nor object storage.
const config = loadConfig(postgresEnvSchema);
await migrateDatabase({ service: 'storage', databaseUrl: config.DATABASE_URL, schema: storageSchema(config), migrations: storageMigrations() });
