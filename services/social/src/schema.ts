import { fileURLToPath } from 'node:url';
import { loadMigrations, type Migration, outboxMigrations, schemaNameFor, userDirectoryMigration } from '@platform/service-kit';

// Resolved from src/ and from the bundled dist/main.js alike: both sit one level below the service folder.
export const migrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

/** The kit's outbox first, then social's own tables. */
export const socialMigrations = (): Migration[] => [...outboxMigrations, userDirectoryMigration, ...loadMigrations(migrationsDir)];

export const socialSchema = (config: { DATABASE_SCHEMA?: string }) => schemaNameFor('social', config.DATABASE_SCHEMA);
