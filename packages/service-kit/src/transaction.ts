import type pg from 'pg';
import { quoteIdent } from './migrate.js';

/**
 * Rolls back a failed transaction and gives its connection back. The one
 * policy of the platform for a ROLLBACK that fails: the connection is
 * discarded, not returned to the pool, since it may still hold the
 * transaction (and its locks) or be dead; the next user gets a fresh one.
 */
export async function rollbackAndRelease(client: pg.PoolClient): Promise<void> {
  let broken: Error | undefined;
  await client.query('ROLLBACK').catch((rollbackError: Error) => {
    broken = rollbackError;
  });
  client.release(broken);
}

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
 * so the SQL inside (a service's statements, outboxInsert) stays unqualified,
 * exactly like its migrations. READ COMMITTED, PostgreSQL's default: the
 * idempotency store's replay relies on it. BEGIN and the search_path go in
 * one message. Commits when `work` resolves (unless it already did, see
 * AlreadyCommitted); otherwise rolls back (rollbackAndRelease) and rethrows.
 * `opening` goes with the BEGIN too (an idempotency claim): one round trip less.
 */
export async function withSchemaTransaction<T>(
  pool: pg.Pool,
  schema: string,
  work: (tx: pg.PoolClient, opened?: pg.QueryResult) => Promise<T | AlreadyCommitted<T>>,
  options: { opening?: string } = {},
): Promise<T> {
  const tx = await pool.connect();
  let result: T;
  try {
    // `opening`: a first statement (values as literals) sent with the BEGIN; its result reaches `work`.
    const begin = `BEGIN; SET LOCAL search_path TO ${quoteIdent(schema)}, public${options.opening ? `;\n${options.opening}` : ''}`;
    const results = (await tx.query(begin)) as unknown as pg.QueryResult[];
    const outcome = await work(tx, options.opening ? results[2] : undefined);
    if (outcome instanceof AlreadyCommitted) {
      result = outcome.result;
    } else {
      await tx.query('COMMIT');
      result = outcome;
    }
  } catch (error) {
    await rollbackAndRelease(tx);
    throw error;
  }
  tx.release();
  return result;
}
