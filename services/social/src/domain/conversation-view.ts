import type { ConversationRow } from '../store/conversation-reads.js';
import { type ChatMessage, toChatMessage } from './message-view.js';

export interface ConversationView {
  id: string;
  kind: 'direct';
  participants: Array<{ id: string; name: string | null }>;
  lastMessage: ChatMessage | null;
  unreadCount: number;
  lastReadSeq: number;
  lastActivityAt: string;
  createdAt: string;
}

export function toConversationView(row: ConversationRow, names: ReadonlyMap<string, string>): ConversationView {
  return {
    id: row.id,
    kind: row.kind,
    participants: row.participant_ids.map((id) => ({ id, name: names.get(id) ?? null })),
    lastMessage: row.last_message ? toChatMessage(row.last_message) : null,
    unreadCount: row.unread_count,
    lastReadSeq: Number(row.last_read_seq),
    lastActivityAt: row.last_activity_at.toISOString(),
    createdAt: row.created_at.toISOString(),
  };
}
