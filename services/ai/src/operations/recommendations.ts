import { ai, type Identity } from '@platform/contracts';
import type { HandlersOf } from '@platform/service-kit';
import { clubOfFan, rankRecommendations } from '../domain/co-purchase.js';
import type { AiDeps } from './deps.js';

/** GET /api/ai/recommendations: always the caller's own; there is no user id to pass. */
export function recommendationHandlers(deps: AiDeps) {
  return {
    [ai.recommendations.name]: async (input, ctx) => {
      const me = ctx.user as Identity;
      const reads = deps.recommendations;
      const [owned, pairs, registeredClub] = await Promise.all([reads.owned(me.id), reads.coPurchases(me.id), deps.lookups.registeredClub(me.id, ctx)]);
      const clubId = clubOfFan(registeredClub, owned.clubs);
      const [clubPopular, globalPopular] = await Promise.all([
        clubId ? reads.popular({ userId: me.id, clubId, kind: input.kind, limit: input.limit }) : Promise.resolve([]),
        reads.popular({ userId: me.id, clubId: null, kind: input.kind, limit: input.limit }),
      ]);
      const named = [...new Set([...pairs.flatMap((p) => [p.via, p.candidate]), ...clubPopular.map((p) => p.item), ...globalPopular.map((p) => p.item)])];
      const [buyers, items] = await Promise.all([reads.buyers(named), reads.items(named)]);
      const recommendations = rankRecommendations({
        owned: owned.keys,
        pairs,
        buyers,
        clubPopular,
        globalPopular,
        items,
        clubId,
        kind: input.kind,
        limit: input.limit,
      });
      return { userId: me.id, clubId, recommendations, generatedAt: deps.now().toISOString() };
    },
  } satisfies HandlersOf<'ai'>;
}
