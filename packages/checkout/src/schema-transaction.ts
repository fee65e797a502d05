import { quoteIdent } from '@platform/service-kit';
import type pg from 'pg';
import type { Tx } from './purchase-table.js';

/**
 * What `work` returns when its last query already ended with COMMIT: its
 * last writes and the commit then cost one round trip, so the row locks they
 * hold (a hot seat category) are released one round trip sooner.
 */
export class AlreadyCommitted<T> {
  constructor(readonly result: T) {}
}

/**
 * Runs `work` in one transaction whose search_path is the service's schema,
 * so the SQL inside (the service's hooks, outboxInsert) stays unqualified,
 * exactly like its migrations. READ COMMITTED, PostgreSQL's default: the
 * idempotency store's replay relies on it. BEGIN and the search_path go in
 * one message.
 */
export async function withSchemaTransaction<T>(pool: pg.Pool, schema: string, work: (tx: Tx) => Promise<T | AlreadyCommitted<T>>): Promise<T> {
  const tx = await pool.connect();
  let broken: Error | undefined;
  try {
    await tx.query(`BEGIN; SET LOCAL search_path TO ${quoteIdent(schema)}, public`);
    const result = await work(tx);
    if (result instanceof AlreadyCommitted) return result.result;
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
