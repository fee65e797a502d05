import { fileURLToPath } from 'node:url';
import { purchaseServiceMigrations } from '@platform/checkout';
import { type Migration, schemaNameFor } from '@platform/service-kit';

// Resolved from src/ and from the bundled dist/main.js alike: both sit one level below the service folder.
export const migrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

/** The kit's outbox and idempotency tables, the checkout's purchases, then the shop's own. */
export const shopMigrations = (): Migration[] => purchaseServiceMigrations(migrationsDir);

export const shopSchema = (config: { DATABASE_SCHEMA?: string }) => schemaNameFor('shop', config.DATABASE_SCHEMA);
