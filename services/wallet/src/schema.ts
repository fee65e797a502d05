import { fileURLToPath } from 'node:url';
import { idempotencyMigration, loadMigrations, type Migration, outboxMigrations, schemaNameFor, userDirectoryMigration } from '@platform/service-kit';

// Resolved from src/ and from the bundled dist/main.js alike: both sit one level below the service folder.
export const migrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

/** The kit's tables (outbox, idempotency keys) first, then the ledger's own. */
export const walletMigrations = (): Migration[] => [...outboxMigrations, idempotencyMigration, userDirectoryMigration, ...loadMigrations(migrationsDir)];

export const walletSchema = (config: { DATABASE_SCHEMA?: string }) => schemaNameFor('wallet', config.DATABASE_SCHEMA);
