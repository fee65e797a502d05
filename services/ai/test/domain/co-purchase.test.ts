import { describe, expect, it } from 'vitest';
import { clubOfFan, type CoPurchase, type ItemKey, rankRecommendations, type RankingInput } from '../../src/domain/co-purchase.js';
import type { ItemInfo } from '../../src/domain/purchases.js';

const seen = new Date('2026-03-01T00:00:00Z');
const product = (id: string, name: string, clubId = 'psg'): ItemInfo => ({
  kind: 'product',
  id,
  name,
  clubId,
  category: 'merch',
  startsAt: null,
  seenAt: seen,
});
const catalogue = [
  product('jersey', 'Home jersey'),
  product('scarf', 'Scarf'),
  product('cap', 'Cap'),
  product('mug', 'Mug'),
  product('om-flag', 'OM flag', 'om'),
  { kind: 'event', id: 'psg-om', name: 'PSG - OM', clubId: 'psg', category: null, startsAt: null, seenAt: seen } as ItemInfo,
];
const items = new Map<ItemKey, ItemInfo>(catalogue.map((i) => [`${i.kind}:${i.id}`, i]));

// Other fans: A bought jersey+scarf, B jersey+scarf+cap, D scarf+cap. The fan owns the jersey.
const pairs: CoPurchase[] = [
  { via: 'product:jersey', candidate: 'product:scarf', together: 2 },
  { via: 'product:jersey', candidate: 'product:cap', together: 1 },
];
const base: RankingInput = {
  owned: new Set(['product:jersey']),
  pairs,
  buyers: new Map([
    ['product:jersey', 3],
    ['product:scarf', 3],
    ['product:cap', 2],
  ]),
  clubPopular: [
    { item: 'product:scarf', buyers: 3 },
    { item: 'product:mug', buyers: 1 },
  ],
  globalPopular: [
    { item: 'product:om-flag', buyers: 4 },
    { item: 'product:scarf', buyers: 3 },
  ],
  items,
  clubId: 'psg',
  limit: 10,
};

describe('rankRecommendations', () => {
  it('ranks co-purchases by cosine-normalised co-occurrence, with the reason, then club and global popularity', () => {
    const list = rankRecommendations(base);
    expect(list.map((r) => [r.id, r.basis, r.score])).toEqual([
      ['scarf', 'co-purchase', 0.6667], // 2 / sqrt(3 * 3)
      ['cap', 'co-purchase', 0.4082], // 1 / sqrt(3 * 2)
      ['mug', 'club-popularity', 1],
      ['om-flag', 'popularity', 4],
    ]);
    expect(list[0]).toMatchObject({
      reason: '2 fans who bought Home jersey also bought this',
      becauseOf: { kind: 'product', id: 'jersey', name: 'Home jersey' },
      buyers: 3,
    });
    expect(list[1].reason).toBe('A fan who bought Home jersey also bought this');
    expect(list[2].reason).toBe('Popular at psg: bought by 1 fan');
    expect(list[3].reason).toBe('Popular with fans: bought by 4 fans');
  });

  it('never lists what the fan owns, nor an item twice', () => {
    const list = rankRecommendations({ ...base, owned: new Set(['product:jersey', 'product:scarf']) });
    expect(list.map((r) => r.id)).toEqual(['cap', 'mug', 'om-flag']);
  });

  it('does not let a best-seller drown a specific affinity', () => {
    const list = rankRecommendations({
      ...base,
      pairs: [
        { via: 'product:jersey', candidate: 'product:mug', together: 2 },
        { via: 'product:jersey', candidate: 'product:cap', together: 2 },
      ],
      buyers: new Map([
        ['product:jersey', 3],
        ['product:mug', 40],
        ['product:cap', 2],
      ]),
    });
    expect(list.slice(0, 2).map((r) => r.id)).toEqual(['cap', 'mug']);
  });

  it('sums over the fan’s items and breaks ties the same way whatever the input order', () => {
    const tied: RankingInput = {
      ...base,
      owned: new Set(['product:jersey', 'event:psg-om']),
      pairs: [
        { via: 'event:psg-om', candidate: 'product:mug', together: 1 },
        { via: 'product:jersey', candidate: 'product:cap', together: 1 },
        { via: 'product:jersey', candidate: 'product:mug', together: 1 },
        { via: 'event:psg-om', candidate: 'product:cap', together: 1 },
      ],
      buyers: new Map([
        ['product:jersey', 2],
        ['event:psg-om', 2],
        ['product:mug', 2],
        ['product:cap', 2],
      ]),
      clubPopular: [],
      globalPopular: [],
    };
    const list = rankRecommendations(tied);
    expect(list.map((r) => [r.id, r.score])).toEqual([
      ['cap', 1],
      ['mug', 1],
    ]);
    expect(rankRecommendations({ ...tied, pairs: [...tied.pairs].reverse() })).toEqual(list);
  });

  it('keeps to the limit and the requested kind', () => {
    expect(rankRecommendations({ ...base, limit: 1 }).map((r) => r.id)).toEqual(['scarf']);
    expect(rankRecommendations({ ...base, kind: 'event', clubPopular: [{ item: 'event:psg-om', buyers: 2 }] }).map((r) => r.id)).toEqual(['psg-om']);
  });

  it('gives a new fan popularity alone', () => {
    const list = rankRecommendations({ ...base, owned: new Set(), pairs: [], buyers: new Map() });
    expect(list.map((r) => [r.id, r.basis])).toEqual([
      ['scarf', 'club-popularity'],
      ['mug', 'club-popularity'],
      ['om-flag', 'popularity'],
    ]);
  });
});

describe('clubOfFan', () => {
  it('prefers the registered club, else the club the fan buys from most', () => {
    expect(clubOfFan(' PSG ', ['om'])).toBe('psg');
    expect(clubOfFan(null, ['om', 'psg', 'om', null])).toBe('om');
    expect(clubOfFan(undefined, ['psg', 'om'])).toBe('om');
    expect(clubOfFan(undefined, [])).toBeNull();
  });
});
