import { z } from 'zod';
import { cursor, pageLimit, uuid } from '../../fields.js';
import { defineOperation } from '../../operation.js';
import { chatMessage, text, typedText } from './shared.js';

export const MAX_MESSAGE_CHARACTERS = 4_000;

/** Chosen by the client per message, like a Matrix transaction id: sending the same one again returns the first message. */
export const clientMessageId = text().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'must be 1-128 characters of A-Z a-z 0-9 . _ : -');

const flag = (defaultValue: 'true' | 'false') =>
  z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default(defaultValue)
    .transform((v) => v === 'true');

/** A person as other users see them: id and display name (null when the directory cannot be reached). */
export const socialUser = z.object({ id: z.string(), name: z.string().nullable() });

export const conversation = z.object({
  id: z.string(),
  kind: z.enum(['direct']),
  participants: z.array(socialUser),
  lastMessage: chatMessage.nullable(),
  /** Messages from the others after the caller's read marker. */
  unreadCount: z.number().int(),
  /** seq of the last message the caller has read. */
  lastReadSeq: z.number().int(),
  lastActivityAt: z.string(),
  createdAt: z.string(),
});

export const readState = z.object({
  conversationId: z.string(),
  lastReadSeq: z.number().int(),
  unreadCount: z.number().int(),
  /** Unread messages over all of the caller's conversations (an app badge). */
  totalUnread: z.number().int(),
});

const messageLimit = { max: 120, timeWindowMs: 60_000 };

const exampleMessage = {
  id: '8e1f3a5c-7b9d-4e2f-8a4c-6e8f0a2c4e6a',
  conversationId: '6f0c1b2a-3d4e-4f50-8a6b-7c8d9e0f1a2b',
  seq: 1042,
  senderId: '00000000-0000-4000-8000-000000000001',
  text: 'Rendez-vous au Parc ce soir ?',
  clientMessageId: 'c1-0001',
  sentAt: '2026-03-01T18:30:00.000Z',
} satisfies z.output<typeof chatMessage>;

const exampleConversation = {
  id: exampleMessage.conversationId,
  kind: 'direct',
  participants: [
    { id: '00000000-0000-4000-8000-000000000001', name: 'Demo Fan' },
    { id: '00000000-0000-4000-8000-000000000002', name: 'Alice Martin' },
  ],
  lastMessage: exampleMessage,
  unreadCount: 0,
  lastReadSeq: 1042,
  lastActivityAt: '2026-03-01T18:30:00.000Z',
  createdAt: '2026-02-14T09:00:00.000Z',
} satisfies z.output<typeof conversation>;

const exampleReadState = { conversationId: exampleConversation.id, lastReadSeq: 1042, unreadCount: 0, totalUnread: 3 } satisfies z.output<typeof readState>;

export const listConversations = defineOperation({
  name: 'social.listConversations',
  service: 'social',
  summary: "The caller's conversations, most recent activity first, each with participants, last message and unread count (cursor pagination)",
  auth: 'user',
  http: { method: 'GET', path: '/api/social/conversations' },
  input: z.object({ limit: pageLimit(50, 20), cursor }),
  output: z.object({ conversations: z.array(conversation), nextCursor: z.string().nullable() }),
  tags: ['social'],
  examples: { input: { limit: 20 }, output: { conversations: [exampleConversation], nextCursor: null } },
});

export const getConversation = defineOperation({
  name: 'social.getConversation',
  service: 'social',
  summary: 'One conversation of the caller (404 for anyone who is not a participant)',
  auth: 'user',
  http: { method: 'GET', path: '/api/social/conversations/:id' },
  input: z.object({ id: uuid }),
  output: conversation,
  tags: ['social'],
  examples: { input: { id: exampleConversation.id }, output: exampleConversation },
});

export const sendMessage = defineOperation({
  name: 'social.sendMessage',
  service: 'social',
  summary:
    'Send a message to a conversation, or to a user (starting your direct conversation with them on the first message). The same clientMessageId (or Idempotency-Key) again returns the first message',
  auth: 'user',
  http: { method: 'POST', path: '/api/social/messages', successStatus: 201, rateLimit: messageLimit },
  idempotent: true,
  input: z
    .strictObject({
      conversationId: uuid.optional(),
      recipientId: uuid.optional(),
      message: typedText(MAX_MESSAGE_CHARACTERS),
      clientMessageId: clientMessageId.optional(),
    })
    .refine((v) => (v.conversationId === undefined) !== (v.recipientId === undefined), {
      message: 'give exactly one of conversationId or recipientId',
      path: ['conversationId'],
    }),
  output: z.object({
    message: chatMessage,
    /** This message started the conversation. */
    conversationCreated: z.boolean(),
    /** The clientMessageId was already used: this is the message stored the first time. */
    replayed: z.boolean(),
  }),
  tags: ['social'],
  examples: {
    input: { conversationId: exampleConversation.id, message: 'Rendez-vous au Parc ce soir ?', clientMessageId: 'c1-0001' },
    output: { message: exampleMessage, conversationCreated: false, replayed: false },
  },
});

export const listMessages = defineOperation({
  name: 'social.listMessages',
  service: 'social',
  summary:
    'Messages of one of your conversations, newest first (cursor pagination, stable while new messages arrive). Marks what it returns as read unless markRead=false',
  auth: 'user',
  http: { method: 'GET', path: '/api/social/conversations/:id/messages' },
  input: z.object({ id: uuid, limit: pageLimit(100, 50), cursor, markRead: flag('true') }),
  output: z.object({ messages: z.array(chatMessage), nextCursor: z.string().nullable(), ...readState.shape }),
  tags: ['social'],
  examples: {
    input: { id: exampleConversation.id, limit: 50, markRead: 'true' },
    output: { messages: [exampleMessage], nextCursor: null, ...exampleReadState },
  },
});

export const markRead = defineOperation({
  name: 'social.markRead',
  service: 'social',
  summary: 'Mark a conversation read up to a message (default: its latest). The read marker never moves back',
  auth: 'user',
  http: { method: 'POST', path: '/api/social/conversations/:id/read' },
  input: z.strictObject({ id: uuid, upToMessageId: uuid.optional() }),
  output: readState,
  tags: ['social'],
  examples: { input: { id: exampleConversation.id, upToMessageId: exampleMessage.id }, output: exampleReadState },
});

/** The gateway's realtime hub asks for what a reconnecting client missed (internal, NATS only). */
export const messagesSince = defineOperation({
  name: 'social.messagesSince',
  service: 'social',
  summary: "A user's messages (all conversations) after a position, oldest first (internal, NATS only)",
  auth: 'internal',
  input: z
    .strictObject({
      userId: uuid,
      afterSeq: z.number({ error: 'must be a number' }).int('must be an integer').min(0, 'must be at least 0').optional(),
      afterMessageId: uuid.optional(),
      limit: z.number().int().min(1).max(500).default(200),
    })
    .refine((v) => (v.afterSeq === undefined) !== (v.afterMessageId === undefined), {
      message: 'give exactly one of afterSeq or afterMessageId',
      path: ['afterSeq'],
    }),
  output: z.object({
    messages: z.array(chatMessage),
    /** More messages follow: ask again after `lastSeq`. */
    hasMore: z.boolean(),
    /** seq of the last message returned, or the starting position when none. */
    lastSeq: z.number().int(),
    totalUnread: z.number().int(),
  }),
});
