import { DomainError, social } from '@platform/contracts';
import { pageOf, type HandlersOf } from '@platform/service-kit';
import { seqCursor } from '../domain/cursors.js';
import { toFeedItem } from '../domain/feed-view.js';
import type { SocialDeps } from './deps.js';

export function feedHandlers(deps: SocialDeps) {
  const { feed, directory } = deps;

  return {
    [social.feed.name]: async (input, ctx) => {
      const userId = ctx.user!.id;
      // The caller's club comes from the user read model; if it cannot be read, the feed still works without it.
      const me = await directory.find({ id: userId }, ctx).catch(() => undefined);
      const rows = await feed.feedFor({ userId, ownClubId: me?.clubId?.toLowerCase() ?? null }, input.limit, seqCursor(input.cursor));
      const page = pageOf(rows, input.limit, (row) => [Number(row.seq)]);
      const names = await directory.names(page.items.filter((row) => row.author_kind === 'user').map((row) => row.author_id));
      return { items: page.items.map((row) => toFeedItem(row, names)), nextCursor: page.nextCursor };
    },

    [social.createPost.name]: async (input, ctx) => {
      const user = ctx.user!;
      if (input.clubId !== undefined && user.role !== 'admin') {
        throw new DomainError('FORBIDDEN', 'Only administrators can post as a club', { field: 'clubId' });
      }
      const row = await feed.createPost({
        authorKind: input.clubId === undefined ? 'user' : 'club',
        authorId: input.clubId ?? user.id,
        text: input.text,
        idempotencyKey: ctx.idempotencyKey,
      });
      const names = input.clubId === undefined ? await directory.names([user.id]) : new Map<string, string>();
      return toFeedItem(row, names);
    },
  } satisfies HandlersOf<'social'>;
}
