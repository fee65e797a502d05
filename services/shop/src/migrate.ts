import { loadConfig, migrateDatabase, postgresEnvSchema } from '@platform/service-kit';
import { shopMigrations, shopSchema } from './schema.js';

// Only the database settings: migrating needs neither NATS, nor Redis, nor object storage.
const config = loadConfig(postgresEnvSchema);
await migrateDatabase({ service: 'shop', databaseUrl: config.DATABASE_URL, schema: shopSchema(config), migrations: shopMigrations() });
