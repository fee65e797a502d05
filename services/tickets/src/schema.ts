import { fileURLToPath } from 'node:url';
import { purchaseServiceMigrations } from '@platform/checkout';
import { type Migration, schemaNameFor } from '@platform/service-kit';

// Resolved from src/ and from the bundled dist/main.js alike: both sit one level below the service folder.
export const migrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

/** The kit's outbox and idempotency tables, the checkout's purchases table, then the service's own SQL. */
export const ticketsMigrations = (): Migration[] => purchaseServiceMigrations(migrationsDir);

export const ticketsSchema = (config: { DATABASE_SCHEMA?: string }) => schemaNameFor('tickets', config.DATABASE_SCHEMA);
