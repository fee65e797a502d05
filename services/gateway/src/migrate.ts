import { loadConfig, migrateDatabase, postgresEnvSchema } from '@platform/service-kit';
import { gatewayMigrations, gatewaySchema } from './schema.js';

// Only the database settings: migrating needs neither NATS, nor Redis, nor object storage.
const config = loadConfig(postgresEnvSchema);
await migrateDatabase({ service: 'gateway', databaseUrl: config.DATABASE_URL, schema: gatewaySchema(config), migrations: gatewayMigrations() });
