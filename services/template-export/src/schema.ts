import { fileURLToPath } from 'node:url';
import { loadMigrations, type Migration, schemaNameFor } from '@platform/service-kit';

// Resolved from src/ and from the bundled dist/main.js alike: both sit one level below the service folder.
export const migrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

/** The Template's gallery tables. No outbox: template-export publishes no events. */
export const templateExportMigrations = (): Migration[] => loadMigrations(migrationsDir);

export const templateExportSchema = (config: { DATABASE_SCHEMA?: string }) => schemaNameFor('template-export', config.DATABASE_SCHEMA);
