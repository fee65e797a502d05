import type { Pool } from 'pg';
import { MESSAGE_COLUMNS, type MessageRow } from '../domain/message-view.js';
import { type SocialTables, socialTables } from './tables.js';
import { totalUnread, type UnreadCounts, unreadCounts } from './unread.js';

export interface ConversationRow {
  id: string;
  kind: 'direct';
  created_at: Date;
  last_activity_at: Date;
  last_read_seq: string;
  activity_seq: string;
  unread_count: number;
  participant_ids: string[];
  last_message: MessageRow | null;
}

/** Keyset position in a user's conversation list: the latest message seq, then the id. */
export interface ConversationKey {
  activitySeq: number;
  id: string;
}

/** Reads for conversations and messages; every read is scoped to a participant. */
export class ConversationReads {
  private readonly t: SocialTables;

  constructor(
    private readonly pool: Pool,
    schema: string,
  ) {
    this.t = socialTables(schema);
  }

  /** The user's read marker in a conversation, or undefined when they are not a participant (or it does not exist). */
  async participantState(userId: string, conversationId: string): Promise<{ lastReadSeq: number } | undefined> {
    const { rows } = await this.pool.query<{ last_read_seq: string }>(
      `SELECT last_read_seq FROM ${this.t.participants} WHERE conversation_id = $1 AND user_id = $2`,
      [conversationId, userId],
    );
    return rows[0] ? { lastReadSeq: Number(rows[0].last_read_seq) } : undefined;
  }

  /** A page of the user's conversations, most recent activity first; fetches limit + 1 to tell whether more follow. */
  async listFor(userId: string, limit: number, after?: ConversationKey): Promise<ConversationRow[]> {
    const { rows } = await this.pool.query<ConversationRow>(
      `${this.conversationSelect()}
        WHERE p.user_id = $1 AND ($2::bigint IS NULL OR (p.activity_seq, p.conversation_id) < ($2::bigint, $3::uuid))
        ORDER BY p.activity_seq DESC, p.conversation_id DESC
        LIMIT $4`,
      [userId, after?.activitySeq ?? null, after?.id ?? null, limit + 1],
    );
    return rows.map(withDates);
  }

  async oneFor(userId: string, conversationId: string): Promise<ConversationRow | undefined> {
    const { rows } = await this.pool.query<ConversationRow>(`${this.conversationSelect()} WHERE p.user_id = $1 AND p.conversation_id = $2`, [
      userId,
      conversationId,
    ]);
    return rows[0] ? withDates(rows[0]) : undefined;
  }

  /**
   * Messages of a conversation, newest first, strictly before `beforeSeq`.
   * New messages always get a higher seq, so walking down never repeats or
   * skips a message, however many arrive meanwhile.
   */
  async messagesPage(conversationId: string, limit: number, beforeSeq?: number): Promise<MessageRow[]> {
    const { rows } = await this.pool.query<MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM ${this.t.messages} m
        WHERE m.conversation_id = $1 AND ($2::bigint IS NULL OR m.seq < $2)
        ORDER BY m.seq DESC LIMIT $3`,
      [conversationId, beforeSeq ?? null, limit + 1],
    );
    return rows;
  }

  /** The user's messages in every conversation after a position, oldest first (limit + 1 rows). */
  async messagesSince(userId: string, afterSeq: number, limit: number): Promise<MessageRow[]> {
    const { rows } = await this.pool.query<MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM ${this.t.messages} m
        WHERE m.conversation_id IN (SELECT conversation_id FROM ${this.t.participants} WHERE user_id = $1 AND activity_seq > $2)
          AND m.seq > $2
        ORDER BY m.seq LIMIT $3`,
      [userId, afterSeq, limit + 1],
    );
    return rows;
  }

  /** seq of a message the user can see, or undefined. */
  async seqOfVisibleMessage(userId: string, messageId: string): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ seq: string }>(
      `SELECT m.seq FROM ${this.t.messages} m JOIN ${this.t.participants} p ON p.conversation_id = m.conversation_id AND p.user_id = $1
        WHERE m.id = $2`,
      [userId, messageId],
    );
    return rows[0] ? Number(rows[0].seq) : undefined;
  }

  /** The user's read marker and unread counts in one conversation they take part in. */
  async readState(userId: string, conversationId: string): Promise<UnreadCounts> {
    const [counts] = await unreadCounts(this.pool, this.t, conversationId, [userId]);
    return counts;
  }

  totalUnread(userId: string): Promise<number> {
    return totalUnread(this.pool, this.t, userId);
  }

  private conversationSelect(): string {
    const t = this.t;
    return `SELECT c.id, c.kind, c.created_at, c.last_activity_at, p.last_read_seq, p.activity_seq,
       (SELECT count(*) FROM ${t.messages} u WHERE u.conversation_id = c.id AND u.seq > p.last_read_seq AND u.sender_id <> p.user_id)::int AS unread_count,
       (SELECT array_agg(q.user_id::text ORDER BY q.joined_at, q.user_id) FROM ${t.participants} q WHERE q.conversation_id = c.id) AS participant_ids,
       (SELECT row_to_json(lm) FROM (SELECT ${MESSAGE_COLUMNS} FROM ${t.messages} m WHERE m.seq = c.last_message_seq) lm) AS last_message
     FROM ${t.participants} p JOIN ${t.conversations} c ON c.id = p.conversation_id`;
  }
}

/** row_to_json gives the last message's timestamp as text. */
function withDates(row: ConversationRow): ConversationRow {
  if (row.last_message) row.last_message.created_at = new Date(row.last_message.created_at);
  return row;
}
