/** A message row as the SQL stores read it (pg returns bigint as text). */
export interface MessageRow {
  seq: string | number;
  id: string;
  conversation_id: string;
  sender_id: string;
  body: string;
  client_message_id: string | null;
  created_at: Date;
}

export interface ChatMessage {
  id: string;
  conversationId: string;
  seq: number;
  senderId: string;
  text: string;
  clientMessageId: string | null;
  sentAt: string;
}

export function toChatMessage(row: MessageRow): ChatMessage {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    seq: Number(row.seq),
    senderId: row.sender_id,
    text: row.body,
    clientMessageId: row.client_message_id,
    sentAt: row.created_at.toISOString(),
  };
}

export const MESSAGE_COLUMNS = 'm.seq, m.id, m.conversation_id, m.sender_id, m.body, m.client_message_id, m.created_at';
