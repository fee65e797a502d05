import type { ai, OutputOf } from '@platform/contracts';
import type { ItemInfo, ItemKind } from './purchases.js';

export type Recommendation = OutputOf<typeof ai.recommendations>['recommendations'][number];

/** "product:<id>", "event:<id>", "esim_plan:<id>". */
export type ItemKey = string;
export const itemKey = (kind: ItemKind, id: string): ItemKey => `${kind}:${id}`;
/** The kind and id of a key (ids may contain colons; kinds do not). */
export function splitItemKey(key: ItemKey): [ItemKind, string] {
  const colon = key.indexOf(':');
  return [key.slice(0, colon) as ItemKind, key.slice(colon + 1)];
}

/** `together` distinct other fans bought both `via` (an item the fan owns) and `candidate` (one they do not). */
export interface CoPurchase {
  via: ItemKey;
  candidate: ItemKey;
  together: number;
}

export interface PopularItem {
  item: ItemKey;
  buyers: number;
}

export interface RankingInput {
  /** Everything the fan ever bought, cancelled tickets included: never recommended back. */
  owned: ReadonlySet<ItemKey>;
  pairs: readonly CoPurchase[];
  /** Distinct buyers of every item named in `pairs`. */
  buyers: ReadonlyMap<ItemKey, number>;
  /** Most bought items of the fan's club, then of everyone, best first, owned ones already left out. */
  clubPopular: readonly PopularItem[];
  globalPopular: readonly PopularItem[];
  items: ReadonlyMap<ItemKey, ItemInfo>;
  clubId: string | null;
  kind?: ItemKind;
  limit: number;
}

const fans = (count: number) => (count === 1 ? '1 fan' : `${count} fans`);

interface Candidate {
  key: ItemKey;
  score: number;
  together: number;
  best?: { via: ItemKey; contribution: number; together: number };
}

/**
 * Item-item collaborative filtering over purchase sets. For a candidate j
 * and each item i the fan owns, co(i, j) is the number of other fans who
 * bought both; it is normalised by sqrt(buyers(i) * buyers(j)) (cosine
 * similarity of the two items' buyer sets), so a best-seller everyone buys
 * does not drown a specific affinity. A candidate's score is the sum over the
 * fan's items. Ties fall to the larger raw count, then more buyers, then the
 * key: the same read model always gives the same list.
 */
function rankCoPurchases(input: RankingInput): Candidate[] {
  const candidates = new Map<ItemKey, Candidate>();
  // Summing in a fixed order keeps floating-point scores identical run to run.
  const pairs = [...input.pairs].sort((a, b) => a.candidate.localeCompare(b.candidate) || a.via.localeCompare(b.via));
  for (const pair of pairs) {
    if (input.owned.has(pair.candidate) || pair.together <= 0) continue;
    const contribution = pair.together / Math.sqrt((input.buyers.get(pair.via) ?? 1) * (input.buyers.get(pair.candidate) ?? 1));
    const candidate = candidates.get(pair.candidate) ?? { key: pair.candidate, score: 0, together: 0 };
    candidate.score += contribution;
    candidate.together += pair.together;
    const best = candidate.best;
    if (!best || contribution > best.contribution || (contribution === best.contribution && pair.together > best.together)) {
      candidate.best = { via: pair.via, contribution, together: pair.together };
    }
    candidates.set(pair.candidate, candidate);
  }
  return [...candidates.values()].sort(
    (a, b) => b.score - a.score || b.together - a.together || (input.buyers.get(b.key) ?? 0) - (input.buyers.get(a.key) ?? 0) || a.key.localeCompare(b.key),
  );
}

const roundScore = (score: number) => Math.round(score * 10_000) / 10_000;

/**
 * The fan's recommendations: co-purchases first, then popular items of their
 * club, then popular items everywhere, each once, none owned, at most `limit`.
 */
export function rankRecommendations(input: RankingInput): Recommendation[] {
  const chosen: Recommendation[] = [];
  const taken = new Set<ItemKey>();
  const describe = (key: ItemKey) => {
    const item = input.items.get(key);
    if (!item || input.owned.has(key) || taken.has(key) || chosen.length >= input.limit) return undefined;
    if (input.kind && item.kind !== input.kind) return undefined;
    return item;
  };
  const add = (item: ItemInfo, rest: Pick<Recommendation, 'basis' | 'score' | 'buyers' | 'reason' | 'becauseOf'>) => {
    taken.add(itemKey(item.kind, item.id));
    chosen.push({ kind: item.kind, id: item.id, name: item.name, category: item.category, clubId: item.clubId, ...rest });
  };

  for (const candidate of rankCoPurchases(input)) {
    const item = describe(candidate.key);
    const via = candidate.best && input.items.get(candidate.best.via);
    if (!item || !via || !candidate.best) continue;
    add(item, {
      basis: 'co-purchase',
      score: roundScore(candidate.score),
      buyers: input.buyers.get(candidate.key) ?? candidate.together,
      reason: `${candidate.best.together === 1 ? 'A fan' : `${candidate.best.together} fans`} who bought ${via.name} also bought this`,
      becauseOf: { kind: via.kind, id: via.id, name: via.name },
    });
  }
  for (const popular of input.clubPopular) {
    const item = describe(popular.item);
    if (!item) continue;
    add(item, {
      basis: 'club-popularity',
      score: popular.buyers,
      buyers: popular.buyers,
      reason: `Popular at ${input.clubId}: bought by ${fans(popular.buyers)}`,
      becauseOf: null,
    });
  }
  for (const popular of input.globalPopular) {
    const item = describe(popular.item);
    if (!item) continue;
    add(item, {
      basis: 'popularity',
      score: popular.buyers,
      buyers: popular.buyers,
      reason: `Popular with fans: bought by ${fans(popular.buyers)}`,
      becauseOf: null,
    });
  }
  return chosen;
}

/** The club whose popular items a fan sees: the one they registered with, else the one they buy from most (ties by name). */
export function clubOfFan(registeredClub: string | null | undefined, purchasedClubs: readonly (string | null)[]): string | null {
  // Shop and tickets club ids are lowercase slugs; a registration may say "PSG".
  if (registeredClub?.trim()) return registeredClub.trim().toLowerCase();
  const counts = new Map<string, number>();
  for (const club of purchasedClubs) if (club) counts.set(club, (counts.get(club) ?? 0) + 1);
  const [top] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return top?.[0] ?? null;
}
