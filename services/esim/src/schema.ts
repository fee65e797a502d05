import { fileURLToPath } from 'node:url';
import { purchaseServiceMigrations } from '@platform/checkout';
import { type Migration, schemaNameFor } from '@platform/service-kit';

// Resolved from src/ and from the bundled dist/main.js alike: both sit one level below the service folder.
export const migrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

/** The kit's outbox and idempotency tables, the checkout's purchases, then the eSIM tables. */
export const esimMigrations = (): Migration[] => purchaseServiceMigrations(migrationsDir);

export const esimSchema = (config: { DATABASE_SCHEMA?: string }) => schemaNameFor('esim', config.DATABASE_SCHEMA);
