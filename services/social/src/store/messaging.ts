import { randomUUID } from 'node:crypto';
import { DomainError, notFound, social } from '@platform/contracts';
import { outboxInsert, withSchemaTransaction } from '@platform/service-kit';
import type { Pool, PoolClient } from 'pg';
import { directPair, lockOrder } from '../domain/direct-pair.js';
import { type ChatMessage, MESSAGE_COLUMNS, type MessageRow, toChatMessage } from '../domain/message-view.js';
import { type SocialTables, socialTables } from './tables.js';
import { type UnreadCounts, unreadCounts } from './unread.js';

export interface SendRequest {
  senderId: string;
  /** Exactly one of conversationId and recipientId. */
  conversationId?: string;
  recipientId?: string;
  text: string;
  clientMessageId?: string;
}

export interface SendOutcome {
  message: ChatMessage;
  conversationCreated: boolean;
  replayed: boolean;
}

export interface ReadOutcome {
  conversationId: string;
  lastReadSeq: number;
  unreadCount: number;
  totalUnread: number;
}

/** Where a read marker should move: a message seq, a message id of the conversation, or its latest message. */
export type ReadTarget = { seq: number } | { messageId: string } | 'latest';

const conversationNotFound = () => notFound('Conversation');

/**
 * The write side of messaging. Every transaction that changes what a user
 * sees (a message, a read marker) first takes that user's advisory lock, in
 * one global order (docs/decisions/0701). Consequences:
 *  - per user, messages get their seq in commit order, so "everything after
 *    seq N" never misses a message that commits later (resume is gap-free);
 *  - unread counts written into events are computed after every earlier
 *    change of the same user committed, so the last event is always right;
 *  - a pair's first two messages, sent at once, create one conversation, and
 *    two sends with one clientMessageId store one message.
 */
export class MessagingStore {
  private readonly t: SocialTables;

  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {
    this.t = socialTables(schema);
  }

  async send(request: SendRequest): Promise<SendOutcome> {
    return withSchemaTransaction(this.pool, this.schema, async (client) => {
      const { conversationId, participants, created } = await this.resolveConversation(client, request);
      if (request.clientMessageId !== undefined) {
        const prior = await this.messageByClientId(client, conversationId, request.senderId, request.clientMessageId);
        if (prior) {
          if (prior.body !== request.text) {
            throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This clientMessageId was already used for a different message; use a new one', {
              field: 'clientMessageId',
            });
          }
          return { message: toChatMessage(prior), conversationCreated: false, replayed: true };
        }
      }
      const message = await this.insertMessage(client, conversationId, request);
      const unread = await unreadCounts(client, this.t, conversationId, participants);
      const event = outboxInsert(social.messageSent, {
        messageId: message.id,
        conversationId,
        seq: message.seq,
        senderId: request.senderId,
        text: message.text,
        clientMessageId: message.clientMessageId,
        participantIds: participants,
        recipientIds: participants.filter((id) => id !== request.senderId),
        unread: unread.map(({ userId, unreadCount, totalUnread }) => ({ userId, unreadCount, totalUnread })),
        sentAt: message.sentAt,
      });
      await client.query(event.sql, event.values);
      return { message, conversationCreated: created, replayed: false };
    });
  }

  /**
   * Moves a user's read marker forward (never back) and reports the unread
   * counts. The event is written only when the marker actually moved.
   */
  async markRead(userId: string, conversationId: string, target: ReadTarget): Promise<ReadOutcome> {
    return withSchemaTransaction(this.pool, this.schema, async (client) => {
      await this.lockUsers(client, [userId]);
      const { rows } = await client.query<{ last_read_seq: string; last_message_seq: string | null }>(
        `SELECT p.last_read_seq, c.last_message_seq FROM ${this.t.participants} p JOIN ${this.t.conversations} c ON c.id = p.conversation_id
          WHERE p.conversation_id = $1 AND p.user_id = $2`,
        [conversationId, userId],
      );
      if (rows.length === 0) throw conversationNotFound();
      const current = Number(rows[0].last_read_seq);
      const wanted = await this.seqOf(client, conversationId, target, Number(rows[0].last_message_seq ?? 0));
      if (wanted > current) {
        await client.query(`UPDATE ${this.t.participants} SET last_read_seq = $3 WHERE conversation_id = $1 AND user_id = $2`, [
          conversationId,
          userId,
          wanted,
        ]);
      }
      const [counts] = await unreadCounts(client, this.t, conversationId, [userId]);
      if (wanted > current) {
        const event = outboxInsert(social.conversationRead, {
          userId,
          conversationId,
          lastReadSeq: counts.lastReadSeq,
          unreadCount: counts.unreadCount,
          totalUnread: counts.totalUnread,
          readAt: new Date().toISOString(),
        });
        await client.query(event.sql, event.values);
      }
      return readOutcome(conversationId, counts);
    });
  }

  /** Finds or creates the conversation, checks the sender belongs to it, and locks every participant. */
  private async resolveConversation(client: PoolClient, request: SendRequest): Promise<{ conversationId: string; participants: string[]; created: boolean }> {
    if (request.conversationId !== undefined) {
      const { rows } = await client.query<{ user_id: string }>(`SELECT user_id FROM ${this.t.participants} WHERE conversation_id = $1`, [
        request.conversationId,
      ]);
      const participants = rows.map((r) => r.user_id);
      // Not a participant and no such conversation look the same: nobody learns which conversations exist.
      if (!participants.includes(request.senderId)) throw conversationNotFound();
      // Direct conversations never change members, so the list read before the locks stays true.
      await this.lockUsers(client, participants);
      return { conversationId: request.conversationId, participants: lockOrder(participants), created: false };
    }
    const [low, high] = directPair(request.senderId, request.recipientId!);
    await this.lockUsers(client, [low, high]);
    // Both users are locked: no other transaction can create this pair's conversation now.
    const existing = await client.query<{ id: string }>(`SELECT id FROM ${this.t.conversations} WHERE direct_user_low = $1 AND direct_user_high = $2`, [
      low,
      high,
    ]);
    if (existing.rows[0]) return { conversationId: existing.rows[0].id, participants: [low, high], created: false };
    const id = randomUUID();
    await client.query(`INSERT INTO ${this.t.conversations} (id, kind, direct_user_low, direct_user_high) VALUES ($1, 'direct', $2, $3)`, [id, low, high]);
    await client.query(`INSERT INTO ${this.t.participants} (conversation_id, user_id) VALUES ($1, $2), ($1, $3)`, [id, low, high]);
    return { conversationId: id, participants: [low, high], created: true };
  }

  private async insertMessage(client: PoolClient, conversationId: string, request: SendRequest): Promise<ChatMessage> {
    const { rows } = await client.query<MessageRow>(
      `INSERT INTO ${this.t.messages} AS m (id, conversation_id, sender_id, body, client_message_id) VALUES ($1, $2, $3, $4, $5)
       RETURNING ${MESSAGE_COLUMNS}`,
      [randomUUID(), conversationId, request.senderId, request.text, request.clientMessageId ?? null],
    );
    const message = toChatMessage(rows[0]);
    await client.query(`UPDATE ${this.t.conversations} SET last_message_id = $2, last_message_seq = $3, last_activity_at = $4 WHERE id = $1`, [
      conversationId,
      message.id,
      message.seq,
      rows[0].created_at,
    ]);
    // Sending means having read the conversation up to one's own message.
    await client.query(
      `UPDATE ${this.t.participants} SET activity_seq = $2, last_read_seq = CASE WHEN user_id = $3 THEN $2 ELSE last_read_seq END WHERE conversation_id = $1`,
      [conversationId, message.seq, request.senderId],
    );
    return message;
  }

  private async messageByClientId(client: PoolClient, conversationId: string, senderId: string, clientMessageId: string): Promise<MessageRow | undefined> {
    const { rows } = await client.query<MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM ${this.t.messages} m WHERE m.conversation_id = $1 AND m.sender_id = $2 AND m.client_message_id = $3`,
      [conversationId, senderId, clientMessageId],
    );
    return rows[0];
  }

  private async seqOf(client: PoolClient, conversationId: string, target: ReadTarget, latest: number): Promise<number> {
    if (target === 'latest') return latest;
    if ('seq' in target) return target.seq;
    const { rows } = await client.query<{ seq: string }>(`SELECT seq FROM ${this.t.messages} WHERE id = $1 AND conversation_id = $2`, [
      target.messageId,
      conversationId,
    ]);
    if (!rows[0]) throw new DomainError('NOT_FOUND', 'No such message in this conversation', { field: 'upToMessageId' });
    return Number(rows[0].seq);
  }

  /** Transaction-scoped advisory locks, one per user, always taken in the same order. */
  private async lockUsers(client: PoolClient, userIds: readonly string[]): Promise<void> {
    for (const userId of lockOrder(userIds)) {
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`social:${this.schema}:user:${userId}`]);
    }
  }
}

export function readOutcome(conversationId: string, counts: UnreadCounts): ReadOutcome {
  return { conversationId, lastReadSeq: counts.lastReadSeq, unreadCount: counts.unreadCount, totalUnread: counts.totalUnread };
}
