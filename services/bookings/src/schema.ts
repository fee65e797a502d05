import { fileURLToPath } from 'node:url';
import { loadMigrations, type Migration, outboxMigrations } from '@platform/service-kit';

/**
 * Resolved from this file, one level below the service root, so the path is
 * the same from src/ (tsx) and from the bundle in dist/ (esbuild keeps
 * import.meta.url pointing at dist/main.js).
 */
export const migrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

/** The kit's outbox table first, then the service's own migrations. */
export const postgresMigrations = (): Migration[] => [...outboxMigrations, ...loadMigrations(migrationsDir)];
