import { fileURLToPath } from 'node:url';
import { loadMigrations, type Migration, outboxMigrations, schemaNameFor } from '@platform/service-kit';

// Resolved from src/ and from the bundled dist/main.js alike: both sit one level below the service folder.
export const migrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

/** The kit's outbox first, then the order log and snapshot state. */
export const ordersSnapshotMigrations = (): Migration[] => [...outboxMigrations, ...loadMigrations(migrationsDir)];

export const ordersSnapshotSchema = (config: { DATABASE_SCHEMA?: string }) => schemaNameFor('orders-snapshot', config.DATABASE_SCHEMA);
