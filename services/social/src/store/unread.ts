import type { SocialTables } from './tables.js';

/** Anything that runs a query: the pool, or a client inside a transaction. */
export interface Queryable {
  query<R extends Record<string, any> = any>(text: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
}

export interface UnreadCounts {
  userId: string;
  unreadCount: number;
  totalUnread: number;
  lastReadSeq: number;
}

/**
 * Unread counts are computed, never kept as counters: messages from the others
 * after the reader's marker. They cannot drift, and they cost an index range
 * scan over the unread messages only (messages_by_conversation). The total
 * only visits conversations with activity after their marker.
 */
export async function unreadCounts(db: Queryable, t: SocialTables, conversationId: string, userIds: readonly string[]): Promise<UnreadCounts[]> {
  const { rows } = await db.query<{ user_id: string; unread_count: number; total_unread: number; last_read_seq: string }>(
    `SELECT p.user_id, p.last_read_seq,
       (SELECT count(*) FROM ${t.messages} m
         WHERE m.conversation_id = p.conversation_id AND m.seq > p.last_read_seq AND m.sender_id <> p.user_id)::int AS unread_count,
       (SELECT coalesce(sum((SELECT count(*) FROM ${t.messages} m2
                             WHERE m2.conversation_id = q.conversation_id AND m2.seq > q.last_read_seq AND m2.sender_id <> q.user_id)), 0)
          FROM ${t.participants} q
         WHERE q.user_id = p.user_id AND q.activity_seq > q.last_read_seq)::int AS total_unread
     FROM ${t.participants} p
     WHERE p.conversation_id = $1 AND p.user_id = ANY($2::uuid[])`,
    [conversationId, userIds],
  );
  return rows.map((r) => ({ userId: r.user_id, unreadCount: r.unread_count, totalUnread: r.total_unread, lastReadSeq: Number(r.last_read_seq) }));
}

export async function totalUnread(db: Queryable, t: SocialTables, userId: string): Promise<number> {
  const { rows } = await db.query<{ total: number }>(
    `SELECT coalesce(sum((SELECT count(*) FROM ${t.messages} m
                          WHERE m.conversation_id = q.conversation_id AND m.seq > q.last_read_seq AND m.sender_id <> q.user_id)), 0)::int AS total
       FROM ${t.participants} q
      WHERE q.user_id = $1 AND q.activity_seq > q.last_read_seq`,
    [userId],
  );
  return rows[0].total;
}
