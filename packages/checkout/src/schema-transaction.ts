import { quoteIdent } from '@platform/service-kit';
import type pg from 'pg';
import type { Tx } from './purchase-table.js';

/**
 * Runs `work` in one transaction whose search_path is the service's schema,
 * so the SQL inside (the service's hooks, outboxInsert) stays unqualified,
 * exactly like its migrations. READ COMMITTED, PostgreSQL's default: the
 * idempotency store's replay relies on it.
 */
export async function withSchemaTransaction<T>(pool: pg.Pool, schema: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  const tx = await pool.connect();
  let broken: Error | undefined;
  try {
    await tx.query('BEGIN');
    await tx.query(`SET LOCAL search_path TO ${quoteIdent(schema)}, public`);
    const result = await work(tx);
    await tx.query('COMMIT');
    return result;
  } catch (error) {
    await tx.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    // A connection that could not roll back is discarded, not returned to the pool.
    tx.release(broken);
  }
}
