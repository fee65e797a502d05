import { loadConfig, migrateDatabase, postgresEnvSchema } from '@platform/service-kit';
import { aiMigrations, aiSchema } from './schema.js';

// Only the database settings: migrating needs neither NATS, nor Redis, nor object storage.
const config = loadConfig(postgresEnvSchema);
await migrateDatabase({ service: 'ai', databaseUrl: config.DATABASE_URL, schema: aiSchema(config), migrations: aiMigrations() });
