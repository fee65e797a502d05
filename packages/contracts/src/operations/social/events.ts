import { z } from 'zod';
import { defineEvent } from '../../events.js';

const unreadOf = z.object({ userId: z.string(), unreadCount: z.number().int(), totalUnread: z.number().int() });

/** One per stored message, written to the outbox in the sending transaction. The gateway's realtime hub pushes it. */
export const messageSent = defineEvent({
  subject: 'evt.social.message.sent',
  version: 1,
  summary: 'A message was stored in a conversation',
  publisher: 'social',
  example: {
    messageId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
    conversationId: 'c0ffee00-1234-4abc-9def-0123456789ab',
    seq: 12,
    senderId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    text: 'See you at the match!',
    clientMessageId: 'msg-42',
    participantIds: ['7c9e6679-7425-40de-944b-e07fc1f90ae7', '16fd2706-8baf-433b-82eb-8c7fada847da'],
    recipientIds: ['16fd2706-8baf-433b-82eb-8c7fada847da'],
    unread: [
      { userId: '7c9e6679-7425-40de-944b-e07fc1f90ae7', unreadCount: 0, totalUnread: 0 },
      { userId: '16fd2706-8baf-433b-82eb-8c7fada847da', unreadCount: 1, totalUnread: 3 },
    ],
    sentAt: '2026-12-07T09:30:00.000Z',
  },
  payload: z.object({
    messageId: z.string(),
    conversationId: z.string(),
    seq: z.number().int(),
    senderId: z.string(),
    text: z.string(),
    clientMessageId: z.string().nullable(),
    /** Everyone in the conversation, sender included (their other devices get the message too). */
    participantIds: z.array(z.string()),
    recipientIds: z.array(z.string()),
    /** Each participant's unread counts right after this message. */
    unread: z.array(unreadOf),
    sentAt: z.string(),
  }),
});

/** A user's read marker moved forward; their devices update the unread badges. */
export const conversationRead = defineEvent({
  subject: 'evt.social.conversation.read',
  version: 1,
  summary: "A user's read marker in a conversation moved forward",
  publisher: 'social',
  example: {
    userId: '16fd2706-8baf-433b-82eb-8c7fada847da',
    conversationId: 'c0ffee00-1234-4abc-9def-0123456789ab',
    lastReadSeq: 12,
    unreadCount: 0,
    totalUnread: 2,
    readAt: '2026-12-07T09:31:00.000Z',
  },
  payload: z.object({
    userId: z.string(),
    conversationId: z.string(),
    lastReadSeq: z.number().int(),
    unreadCount: z.number().int(),
    totalUnread: z.number().int(),
    readAt: z.string(),
  }),
});
