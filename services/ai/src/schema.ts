import { fileURLToPath } from 'node:url';
import { loadMigrations, type Migration, schemaNameFor, userDirectoryMigration } from '@platform/service-kit';

// Resolved from src/ and from the bundled dist/main.js alike: both sit one level below the service folder.
export const migrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

/** The read model's tables. No outbox: the AI service publishes no events. */
export const aiMigrations = (): Migration[] => [userDirectoryMigration, ...loadMigrations(migrationsDir)];

export const aiSchema = (config: { DATABASE_SCHEMA?: string }) => schemaNameFor('ai', config.DATABASE_SCHEMA);
