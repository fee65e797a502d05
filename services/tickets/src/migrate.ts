import { loadConfig, migrateDatabase, postgresEnvSchema } from '@platform/service-kit';
import { ticketsMigrations, ticketsSchema } from './schema.js';

// Only the database settings: migrating needs neither NATS, nor Redis, nor object storage.
const config = loadConfig(postgresEnvSchema);
await migrateDatabase({ service: 'tickets', databaseUrl: config.DATABASE_URL, schema: ticketsSchema(config), migrations: ticketsMigrations() });
