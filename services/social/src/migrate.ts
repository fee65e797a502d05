import { loadConfig, migrateDatabase, postgresEnvSchema } from '@platform/service-kit';
import { socialMigrations, socialSchema } from './schema.js';

// Only the database settings: migrating needs neither NATS, nor Redis, nor object storage.
const config = loadConfig(postgresEnvSchema);
await migrateDatabase({ service: 'social', databaseUrl: config.DATABASE_URL, schema: socialSchema(config), migrations: socialMigrations() });
