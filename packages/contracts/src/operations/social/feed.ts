import { z } from 'zod';
import { cursor, pageLimit } from '../../fields.js';
import { defineOperation } from '../../operation.js';
import { clubSlug, typedText } from './shared.js';

export const MAX_POST_CHARACTERS = 2_000;

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
