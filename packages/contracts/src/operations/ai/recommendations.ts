import { z } from 'zod';
import { pageLimit } from '../../fields.js';
import { defineOperation } from '../../operation.js';

export const recommendedKinds = ['product', 'event', 'esim_plan'] as const;

export const recommendedKind = z.enum(recommendedKinds, { error: `must be one of ${recommendedKinds.join(', ')}` });

/** Why an item is in the list: co-purchase first, then popularity in the fan's club, then everywhere. */
export const recommendationBasis = z.enum(['co-purchase', 'club-popularity', 'popularity']);

const itemRef = z.object({ kind: recommendedKind, id: z.string(), name: z.string() });

export const recommendation = z.object({
  kind: recommendedKind,
  /** Product id (shop), event id (tickets) or plan id (esim). */
  id: z.string(),
  name: z.string(),
  category: z.string().nullable(),
  clubId: z.string().nullable(),
  basis: recommendationBasis,
  /**
   * co-purchase: the summed cosine similarity with the fan's items (0-n);
   * popularity: the number of fans who bought it. Only comparable within one basis.
   */
  score: z.number(),
  /** Distinct fans who bought the item (cancelled tickets excluded). */
  buyers: z.number().int(),
  /** Short, human-readable reason, e.g. "2 fans who bought Home jersey also bought this". */
  reason: z.string(),
  /** For co-purchase: the fan's own item that contributes most to the score. */
  becauseOf: itemRef.nullable(),
});

export const recommendations = defineOperation({
  name: 'ai.recommendations',
  service: 'ai',
  summary: 'Products, events and eSIM plans the signed-in fan has not bought: co-purchases first, then what is popular in their club',
  auth: 'user',
  http: { method: 'GET', path: '/api/ai/recommendations' },
  input: z.object({ limit: pageLimit(50, 10), kind: recommendedKind.optional() }),
  output: z.object({
    userId: z.string(),
    /** The club popularity was taken in: the fan's registered club, else the club they buy from most. */
    clubId: z.string().nullable(),
    recommendations: z.array(recommendation),
    generatedAt: z.string(),
  }),
  tags: ['ai'],
  examples: {
    input: { limit: 10, kind: 'product' },
    output: {
      userId: '00000000-0000-4000-8000-000000000001',
      clubId: 'psg',
      recommendations: [
        {
          kind: 'product',
          id: '00000000-0000-4000-8000-00000000a002',
          name: 'Club scarf',
          category: 'scarf',
          clubId: 'psg',
          basis: 'co-purchase',
          score: 0.82,
          buyers: 14,
          reason: '9 fans who bought Home jersey 2025 also bought this',
          becauseOf: { kind: 'product', id: '00000000-0000-4000-8000-00000000a001', name: 'Home jersey 2025' },
        },
        {
          kind: 'product',
          id: '00000000-0000-4000-8000-00000000a003',
          name: 'Away jersey 2025',
          category: 'jersey',
          clubId: 'psg',
          basis: 'club-popularity',
          score: 31,
          buyers: 31,
          reason: 'Bought by 31 fans of psg',
          becauseOf: null,
        },
      ],
      generatedAt: '2026-03-01T18:30:00.000Z',
    },
  },
});
