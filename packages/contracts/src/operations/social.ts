import { z } from 'zod';
import { defineEvent, type EventContract } from '../events.js';
import { cursor, pageLimit, uuid } from '../fields.js';
import { defineOperation, type Operation } from '../operation.js';

/**
 * Social (seed 003, "Réseau social"): direct conversations with unread counts,
 * a feed of posts and activity cards, follows, and a realtime WebSocket at the
 * gateway. The seed's three routes keep their paths and bodies
 * (`getConversations()`, `sendMessage(conversationId, message)`, `getFeed()`);
 * everything else is added.
 */

export const MAX_MESSAGE_CHARACTERS = 4_000;
export const MAX_POST_CHARACTERS = 2_000;

const text = () => z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') });

/**
 * Text a person typed: not blank, at most `max` characters counted as Unicode
 * code points (an emoji counts once), and no NUL character (PostgreSQL text
 * cannot hold one, so it would otherwise surface as a 500).
 */
export const typedText = (max: number) =>
  text()
    .refine((value) => value.trim().length > 0, 'must not be empty or blank')
    .refine((value) => value.length <= max || [...value].length <= max, `must be at most ${max} characters`)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters');

/** Chosen by the client per message, like a Matrix transaction id: sending the same one again returns the first message. */
export const clientMessageId = text().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'must be 1-128 characters of A-Z a-z 0-9 . _ : -');

export const clubSlug = text()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9_-]{1,64}$/, 'must be 1-64 characters of a-z 0-9 _ -');

const flag = (defaultValue: 'true' | 'false') =>
  z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default(defaultValue)
    .transform((v) => v === 'true');

// ---------------------------------------------------------------- shapes

/** A person as other users see them: id and display name (null when the directory cannot be reached). */
export const socialUser = z.object({ id: z.string(), name: z.string().nullable() });

export const chatMessage = z.object({
  id: z.string(),
  conversationId: z.string(),
  /** Position in the platform-wide message order. Per user it only grows: clients resume from the highest they saw. */
  seq: z.number().int(),
  senderId: z.string(),
  text: z.string(),
  clientMessageId: z.string().nullable(),
  sentAt: z.string(),
});

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

export const feedAuthor = z.object({ kind: z.enum(['user', 'club']), id: z.string(), name: z.string().nullable() });

export const ticketActivity = z.object({
  type: z.literal('ticket.purchased'),
  eventId: z.string(),
  clubId: z.string(),
  category: z.string(),
});

export const feedItem = z.object({
  id: z.string(),
  kind: z.enum(['post', 'activity']),
  author: feedAuthor,
  /** The post's text; null for an activity card. */
  text: z.string().nullable(),
  /** What happened, for an activity card; null for a post. */
  activity: ticketActivity.nullable(),
  createdAt: z.string(),
});

export const followKind = z.enum(['users', 'clubs'], { error: 'must be users or clubs' });

export const followEntry = z.object({ kind: z.enum(['user', 'club']), id: z.string(), name: z.string().nullable(), since: z.string() });

export const socialSettings = z.object({
  /** Whether followers and fans of the same club see cards about your activity (e.g. a ticket you bought). Off until you opt in. */
  shareActivity: z.boolean(),
});

// ---------------------------------------------------------------- conversations and messages

const messageLimit = { max: 120, timeWindowMs: 60_000 };

// ---------------------------------------------------------------- examples shown in /docs

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

const examplePost = {
  id: '3c5e7a9b-1d3f-4a5c-9e7a-9b1d3f5a7c9e',
  kind: 'post',
  author: { kind: 'user', id: '00000000-0000-4000-8000-000000000001', name: 'Demo Fan' },
  text: 'Quel match hier soir !',
  activity: null,
  createdAt: '2026-03-02T08:00:00.000Z',
} satisfies z.output<typeof feedItem>;

const exampleActivityCard = {
  id: '4d6f8b0c-2e4a-4b6d-8f0b-0c2e4a6b8d0f',
  kind: 'activity',
  author: { kind: 'user', id: '00000000-0000-4000-8000-000000000002', name: 'Alice Martin' },
  text: null,
  activity: { type: 'ticket.purchased', eventId: '1', clubId: 'psg', category: 'premium' },
  createdAt: '2026-03-01T12:00:00.000Z',
} satisfies z.output<typeof feedItem>;

const exampleFollow = { kind: 'club', id: 'psg', name: 'Paris Saint-Germain', since: '2026-01-15T09:00:00.000Z' } satisfies z.output<typeof followEntry>;

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

// ---------------------------------------------------------------- feed, posts, follows, settings

export const feed = defineOperation({
  name: 'social.feed',
  service: 'social',
  summary: 'Posts by you, the users and clubs you follow (your own club counts), and activity cards of people who opted in, newest first (cursor pagination)',
  auth: 'user',
  http: { method: 'GET', path: '/api/social/feed' },
  input: z.object({ limit: pageLimit(50, 20), cursor }),
  output: z.object({ items: z.array(feedItem), nextCursor: z.string().nullable() }),
  tags: ['social'],
  examples: { input: { limit: 20 }, output: { items: [examplePost, exampleActivityCard], nextCursor: null } },
});

export const createPost = defineOperation({
  name: 'social.createPost',
  service: 'social',
  summary: 'Publish a post as yourself, or as a club (administrators). An Idempotency-Key makes a retry return the first post',
  auth: 'user',
  http: { method: 'POST', path: '/api/social/posts', successStatus: 201, rateLimit: { max: 30, timeWindowMs: 60_000 } },
  idempotent: true,
  input: z.strictObject({ text: typedText(MAX_POST_CHARACTERS), clubId: clubSlug.optional() }),
  output: feedItem,
  tags: ['social'],
  examples: { input: { text: 'Quel match hier soir !' }, output: examplePost },
});

const followTarget = z
  .object({ kind: followKind, id: text().trim() })
  .superRefine((v, ctx) => {
    const valid = v.kind === 'users' ? uuid.safeParse(v.id).success : clubSlug.safeParse(v.id).success;
    if (!valid) ctx.addIssue({ code: 'custom', path: ['id'], message: v.kind === 'users' ? 'must be a UUID' : 'must be 1-64 characters of a-z 0-9 _ -' });
  })
  .transform((v) => ({ kind: v.kind, id: v.kind === 'clubs' ? v.id.toLowerCase() : v.id }));

export const follow = defineOperation({
  name: 'social.follow',
  service: 'social',
  summary: 'Follow a user or a club (following again changes nothing)',
  auth: 'user',
  http: { method: 'PUT', path: '/api/social/follows/:kind/:id' },
  input: followTarget,
  output: z.object({ following: z.literal(true), follow: followEntry }),
  tags: ['social'],
  examples: { input: { kind: 'clubs', id: 'psg' }, output: { following: true, follow: exampleFollow } },
});

export const unfollow = defineOperation({
  name: 'social.unfollow',
  service: 'social',
  summary: 'Stop following a user or a club (unfollowing twice changes nothing)',
  auth: 'user',
  http: { method: 'DELETE', path: '/api/social/follows/:kind/:id' },
  input: followTarget,
  output: z.object({ following: z.literal(false), kind: z.enum(['user', 'club']), id: z.string() }),
  tags: ['social'],
  examples: { input: { kind: 'clubs', id: 'psg' }, output: { following: false, kind: 'club', id: 'psg' } },
});

export const listFollows = defineOperation({
  name: 'social.listFollows',
  service: 'social',
  summary: 'Users and clubs you follow, most recent first (cursor pagination)',
  auth: 'user',
  http: { method: 'GET', path: '/api/social/follows' },
  input: z.object({ limit: pageLimit(100, 50), cursor }),
  output: z.object({ follows: z.array(followEntry), nextCursor: z.string().nullable() }),
  tags: ['social'],
  examples: { input: { limit: 50 }, output: { follows: [exampleFollow], nextCursor: null } },
});

export const getSettings = defineOperation({
  name: 'social.getSettings',
  service: 'social',
  summary: 'Your social settings',
  auth: 'user',
  http: { method: 'GET', path: '/api/social/settings' },
  input: z.object({}),
  output: socialSettings,
  tags: ['social'],
  examples: { input: {}, output: { shareActivity: false } },
});

export const updateSettings = defineOperation({
  name: 'social.updateSettings',
  service: 'social',
  summary: 'Change your social settings (shareActivity: show your activity, such as tickets bought, to followers and fans of the club)',
  auth: 'user',
  http: { method: 'PUT', path: '/api/social/settings' },
  input: z.strictObject({ shareActivity: z.boolean({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be true or false') }) }),
  output: socialSettings,
  tags: ['social'],
  examples: { input: { shareActivity: true }, output: { shareActivity: true } },
});

// ---------------------------------------------------------------- events

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

// ---------------------------------------------------------------- realtime (WebSocket at the gateway, docs/realtime.md)

export const REALTIME_PATH = '/api/social/ws';
/** Offer `['bearer', <access token>]` as WebSocket subprotocols; the server answers with `bearer`. */
export const REALTIME_SUBPROTOCOL = 'bearer';

/** Close codes the gateway uses besides the standard ones (1000 normal, 1001 going away, 1008 policy, 1011 error). */
export const REALTIME_CLOSE = {
  /** The access token expired: reconnect with a fresh one, then resume. */
  tokenExpired: 4001,
  /** Too many connections for this user: the oldest one is closed. */
  replaced: 4008,
  /** The client did not read fast enough; reconnect and resume. */
  tooSlow: 4013,
} as const;

const resumePosition = {
  afterSeq: z.coerce.number({ error: 'must be a number' }).int('must be an integer').min(0, 'must be at least 0').optional(),
  afterMessageId: uuid.optional(),
};

/**
 * Query of the upgrade request. `afterSeq` or `afterMessageId` resumes at
 * once: live messages are held from the first moment and sent after the
 * missed ones, so a reconnecting client sees everything in order.
 */
export const realtimeConnectQuery = z
  .object({ access_token: z.string().optional(), ...resumePosition })
  .refine((v) => v.afterSeq === undefined || v.afterMessageId === undefined, {
    message: 'give at most one of afterSeq or afterMessageId',
    path: ['afterSeq'],
  });

export const realtimeClientFrame = z.discriminatedUnion(
  'type',
  [
    z
      .strictObject({
        type: z.literal('resume'),
        afterSeq: z.number({ error: 'must be a number' }).int('must be an integer').min(0, 'must be at least 0').optional(),
        afterMessageId: uuid.optional(),
      })
      .refine((v) => (v.afterSeq === undefined) !== (v.afterMessageId === undefined), {
        message: 'give exactly one of afterSeq or afterMessageId',
        path: ['afterSeq'],
      }),
    z.strictObject({ type: z.literal('ping') }),
  ],
  { error: 'must be {"type":"resume",...} or {"type":"ping"}' },
);

export const realtimeServerFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), userId: z.string(), connectionId: z.string(), heartbeatMs: z.number().int(), tokenExpiresAt: z.string() }),
  z.object({ type: z.literal('message'), message: chatMessage }),
  z.object({ type: z.literal('unread'), conversationId: z.string(), unreadCount: z.number().int(), totalUnread: z.number().int() }),
  z.object({
    type: z.literal('resumed'),
    /** Messages sent for this resume, before any live one. */
    delivered: z.number().int(),
    lastSeq: z.number().int(),
    /** False when more were missed than one resume sends: page the rest with GET .../messages. */
    complete: z.boolean(),
    totalUnread: z.number().int(),
  }),
  /** The gateway may have missed events (its NATS connection dropped): send a resume from the last seq you saw. */
  z.object({ type: z.literal('resync') }),
  z.object({ type: z.literal('pong') }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string(), field: z.string().optional() }),
]);

export type RealtimeClientFrame = z.output<typeof realtimeClientFrame>;
export type RealtimeServerFrame = z.output<typeof realtimeServerFrame>;

export const socialOperations: readonly Operation[] = [
  listConversations,
  getConversation,
  sendMessage,
  listMessages,
  markRead,
  messagesSince,
  feed,
  createPost,
  follow,
  unfollow,
  listFollows,
  getSettings,
  updateSettings,
];
export const socialEvents: readonly EventContract[] = [messageSent, conversationRead];
