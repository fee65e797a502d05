import { loadConfig, migrateDatabase, postgresEnvSchema } from '@platform/service-kit';
import { walletMigrations, walletSchema } from './schema.js';

// Only the database settings: migrating needs neither NATS, nor Redis, nor object storage.
const config = loadConfig(postgresEnvSchema);
await migrateDatabase({ service: 'wallet', databaseUrl: config.DATABASE_URL, schema: walletSchema(config), migrations: walletMigrations() });
