import { z } from 'zod';
import { cursor, pageLimit, uuid } from '../../fields.js';
import { defineOperation } from '../../operation.js';
import { clubSlug, text } from './shared.js';

export const followKind = z.enum(['users', 'clubs'], { error: 'must be users or clubs' });

export const followEntry = z.object({ kind: z.enum(['user', 'club']), id: z.string(), name: z.string().nullable(), since: z.string() });

const exampleFollow = { kind: 'club', id: 'psg', name: 'Paris Saint-Germain', since: '2026-01-15T09:00:00.000Z' } satisfies z.output<typeof followEntry>;

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
