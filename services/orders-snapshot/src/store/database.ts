import { createPool, type Service } from '@platform/service-kit';
import type pg from 'pg';

/**
 * A pg pool whose sessions work in the service's schema. The order log needs
 * row locks and ON CONFLICT ... RETURNING around an object write, which is plain
 * SQL (docs/decisions/0201-orders-snapshot-append-log-and-group-commit.md).
 */
export function createSchemaPool(service: Service, options: { url: string; schema: string; max: number }): pg.Pool {
  const url = new URL(options.url);
  url.searchParams.set('options', `-c search_path=${options.schema},public`);
  return createPool(service, { connectionString: url.toString(), max: options.max });
}
