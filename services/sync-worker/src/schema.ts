import { fileURLToPath } from 'node:url';
import { loadMigrations, type Migration, schemaNameFor } from '@platform/service-kit';

// Resolved from src/ and from the bundled dist/main.js alike: both sit one level below the service folder.
export const migrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

/** The Dashboard's mirror tables and run history. No outbox: the sync worker publishes no events. */
export const syncWorkerMigrations = (): Migration[] => loadMigrations(migrationsDir);

export const syncWorkerSchema = (config: { DATABASE_SCHEMA?: string }) => schemaNameFor('sync-worker', config.DATABASE_SCHEMA);
