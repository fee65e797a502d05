import { fileURLToPath } from 'node:url';
import { loadMigrations, type Migration, schemaNameFor } from '@platform/service-kit';

// Resolved from src/ and from the bundled dist/main.js alike: both sit one level below the service folder.
export const migrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

/** The gateway's own tables (users, sessions). */
export const gatewayMigrations = (): Migration[] => loadMigrations(migrationsDir);

export const gatewaySchema = (config: { DATABASE_SCHEMA?: string }) => schemaNameFor('gateway', config.DATABASE_SCHEMA);
