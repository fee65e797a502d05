import { DomainError, social } from '@platform/contracts';
import { pageOf, type HandlersOf } from '@platform/service-kit';
import { followCursor } from '../domain/cursors.js';
import type { TargetKind } from '../store/social-graph.js';
import type { SocialDeps } from './deps.js';

const kindOf = (pathKind: 'users' | 'clubs'): TargetKind => (pathKind === 'users' ? 'user' : 'club');

export function followHandlers(deps: SocialDeps) {
  const { graph, directory } = deps;

  return {
    [social.follow.name]: async (input, ctx) => {
      const followerId = ctx.user!.id;
      const kind = kindOf(input.kind);
      let name: string | null = null;
      if (kind === 'user') {
        if (input.id === followerId) throw new DomainError('BAD_REQUEST', 'You cannot follow yourself', { field: 'id' });
        const target = await directory.find({ id: input.id }, ctx);
        if (!target) throw new DomainError('NOT_FOUND', 'No user has this id', { field: 'id' });
        name = target.name;
      }
      const follow = await graph.follow(followerId, kind, input.id);
      return { following: true as const, follow: { kind, id: follow.id, name, since: follow.since.toISOString() } };
    },

    [social.unfollow.name]: async (input, ctx) => {
      const kind = kindOf(input.kind);
      await graph.unfollow(ctx.user!.id, kind, input.id);
      return { following: false as const, kind, id: input.id };
    },

    [social.listFollows.name]: async (input, ctx) => {
      const rows = await graph.following(ctx.user!.id, input.limit, followCursor(input.cursor));
      const page = pageOf(rows, input.limit, (row) => [row.since.toISOString(), row.kind, row.id]);
      const names = await directory.names(page.items.filter((row) => row.kind === 'user').map((row) => row.id));
      return {
        follows: page.items.map((row) => ({ kind: row.kind, id: row.id, name: names.get(row.id) ?? null, since: row.since.toISOString() })),
        nextCursor: page.nextCursor,
      };
    },
  } satisfies HandlersOf<'social'>;
}
