import { quoteIdent } from '@platform/service-kit';
import type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` in one READ COMMITTED transaction on a pooled client; rolls back
 * on any error. The search_path is the service's schema, so the kit's
 * unqualified outbox insert lands in the right table.
 */
export async function inTransaction<T>(pool: Pool, schema: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SET LOCAL search_path TO ${quoteIdent(schema)}`);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Schema-qualified table names, so SQL never depends on a connection's search_path. */
export function socialTables(schema: string) {
  const q = quoteIdent(schema);
  return {
    conversations: `${q}.conversations`,
    participants: `${q}.conversation_participants`,
    messages: `${q}.messages`,
    feedItems: `${q}.feed_items`,
    follows: `${q}.follows`,
    settings: `${q}.social_settings`,
    outbox: `${q}.outbox`,
  };
}

export type SocialTables = ReturnType<typeof socialTables>;
