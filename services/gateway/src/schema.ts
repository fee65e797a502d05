import { fileURLToPath } from 'node:url';
import { loadMigrations, type Migration, outboxMigrations, schemaNameFor } from '@platform/service-kit';

// Resolved from src/ and from the bundled dist/main.js alike: both sit one level below the service folder.
export const migrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

/** The kit's outbox (user events, docs/decisions/0975), then the gateway's own tables (users, sessions). */
export const gatewayMigrations = (): Migration[] => [...outboxMigrations, ...loadMigrations(migrationsDir)];

export const gatewaySchema = (config: { DATABASE_SCHEMA?: string }) => schemaNameFor('gateway', config.DATABASE_SCHEMA);
