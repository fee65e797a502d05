import { loadConfig, migrateDatabase, postgresEnvSchema } from '@platform/service-kit';
import { templateExportMigrations, templateExportSchema } from './schema.js';

// Only the database settings: migrating needs neither NATS, nor Redis, nor object storage.
const config = loadConfig(postgresEnvSchema);
await migrateDatabase({
  service: 'template-export',
  databaseUrl: config.DATABASE_URL,
  schema: templateExportSchema(config),
  migrations: templateExportMigrations(),
});
