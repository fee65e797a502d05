import { auth } from '@platform/contracts';
import { withSchemaTransaction } from '@platform/service-kit';
import type pg from 'pg';

const isoMillis = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Writes one `evt.gateway.user.updated` per account into the outbox, with the
 * account's current facts and its own `updatedAt`: a read model created after
 * the stream dropped an account's events (30 days) gets every account, and a
 * read model that already holds an account ignores the copy (not newer).
 * The running gateways' relays publish them. Returns how many were written.
 * The same envelope as outboxInsert builds, in SQL, so a million accounts take
 * one statement.
 */
export async function announceEveryUser(pool: pg.Pool, schema: string): Promise<number> {
  const subject = auth.userUpdated.subject;
  return withSchemaTransaction(pool, schema, async (tx) => {
    const { rowCount } = await tx.query(
      `INSERT INTO outbox (id, subject, envelope)
       SELECT a.event_id, $1, jsonb_build_object(
         'id', a.event_id, 'subject', $1::text, 'v', $2::int, 'occurredAt', ${isoMillis('now()')},
         'data', jsonb_build_object('userId', a.id::text, 'email', lower(a.email), 'name', a.name, 'clubId', a.club_id, 'updatedAt', ${isoMillis('a.updated_at')}))
       FROM (SELECT gen_random_uuid() AS event_id, u.* FROM users u) a
       ORDER BY a.created_at, a.id`,
      [subject, auth.userUpdated.version],
    );
    return rowCount ?? 0;
  });
}
