import { loadConfig, migrateDatabase, postgresEnvSchema } from '@platform/service-kit';
import { esimMigrations, esimSchema } from './schema.js';

// Only the database settings: migrating needs neither NATS, nor Redis, nor object storage.
const config = loadConfig(postgresEnvSchema);
await migrateDatabase({ service: 'esim', databaseUrl: config.DATABASE_URL, schema: esimSchema(config), migrations: esimMigrations() });
