import { fileURLToPath } from 'node:url';
import { loadMigrations, type Migration, outboxMigrations, schemaNameFor } from '@platform/service-kit';

// Resolved from src/ and from the bundled dist/main.js alike: both sit one level below the service folder.
export const migrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

/** The kit's outbox first, then the object registry. */
export const storageMigrations = (): Migration[] => [...outboxMigrations, ...loadMigrations(migrationsDir)];

export const storageSchema = (config: { DATABASE_SCHEMA?: string }) => schemaNameFor('storage', config.DATABASE_SCHEMA);
