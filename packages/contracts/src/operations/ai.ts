import { z } from 'zod';
import type { EventContract } from '../events.js';
import { pageLimit } from '../fields.js';
import { currency, majorAmount, minorAmount } from '../money.js';
import { defineOperation, type Operation } from '../operation.js';

/**
 * Personalisation (seed 003, "IA"): the seed's three routes, GET
 * /api/ai/recommendations, /api/ai/insights and /api/ai/predictions
 * (`getAIRecommendations()`, `getAIInsights()`, `getAIPredictions()`).
 * No model weights: the AI service builds its own read model from the
 * platform's events (wallet transfers, shop orders, tickets, eSIMs) and
 * answers with documented statistics (docs/services/ai.md). Every route
 * answers for the signed-in user only.
 */

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

const yearMonth = z
  .string({ error: 'must be a string' })
  .trim()
  .regex(/^(19|20|21)\d{2}-(0[1-9]|1[0-2])$/, 'must be a month like 2026-03');

/** `{ <prefix>: major units, <prefix>Minor: exact minor units }`, the platform's way of showing an amount. */
const amountFields = <P extends string>(prefix: P) => ({ [prefix]: majorAmount, [`${prefix}Minor`]: minorAmount }) as { [K in P | `${P}Minor`]: z.ZodNumber };

/** A change against the previous month: absolute, and in percent (null when the previous month is 0 or less). */
export const monthChange = z.object({
  amount: majorAmount,
  amountMinor: minorAmount,
  percent: z.number().nullable(),
});

export const categorySpending = z.object({
  category: z.string(),
  total: majorAmount,
  totalMinor: minorAmount,
  /** Percent of the month's spending; null when the month's spending is 0 or less. */
  share: z.number().nullable(),
  previousTotal: majorAmount,
  previousTotalMinor: minorAmount,
  change: monthChange,
});

export const merchantSpending = z.object({
  merchant: z.string(),
  total: majorAmount,
  totalMinor: minorAmount,
  /** Payments to this merchant in the month (refunds not counted). */
  payments: z.number().int(),
});

export const monthSpending = z.object({
  month: z.string(),
  /** Payments minus refunds. */
  total: majorAmount,
  totalMinor: minorAmount,
  ...amountFields('payments'),
  ...amountFields('refunds'),
  byCategory: z.array(z.object({ category: z.string(), total: majorAmount, totalMinor: minorAmount })),
});

export const insights = defineOperation({
  name: 'ai.insights',
  service: 'ai',
  summary:
    "The signed-in fan's spending: by category and month, top merchants and the change against the previous month. Spending = wallet payments minus refunds, by transaction time (UTC)",
  auth: 'user',
  http: { method: 'GET', path: '/api/ai/insights' },
  input: z.object({
    /** The month to report on (UTC); defaults to the current month. */
    month: yearMonth.optional(),
    /** How many months the monthly series covers, ending with `month`. */
    months: pageLimit(24, 6),
  }),
  output: z.object({
    userId: z.string(),
    currency,
    month: z.string(),
    /** [from, to) of the month, ISO 8601 UTC. */
    period: z.object({ from: z.string(), to: z.string() }),
    spending: z.object({
      total: majorAmount,
      totalMinor: minorAmount,
      ...amountFields('payments'),
      ...amountFields('refunds'),
      paymentCount: z.number().int(),
      refundCount: z.number().int(),
    }),
    previousMonth: z.object({ month: z.string(), total: majorAmount, totalMinor: minorAmount }),
    change: monthChange,
    byCategory: z.array(categorySpending),
    topMerchants: z.array(merchantSpending),
    /** Oldest first, `months` entries ending with `month`. */
    monthly: z.array(monthSpending),
    /** Money that moved in the month without being spending: sent to and received from other fans, deposits. */
    transfers: z.object({ ...amountFields('sent'), ...amountFields('received'), ...amountFields('deposited') }),
    generatedAt: z.string(),
  }),
  tags: ['ai'],
  examples: {
    input: { month: '2026-03', months: 2 },
    output: {
      userId: '00000000-0000-4000-8000-000000000001',
      currency: 'EUR',
      month: '2026-03',
      period: { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' },
      spending: { total: 109.8, totalMinor: 10980, payments: 109.8, paymentsMinor: 10980, refunds: 0, refundsMinor: 0, paymentCount: 2, refundCount: 0 },
      previousMonth: { month: '2026-02', total: 89.99, totalMinor: 8999 },
      change: { amount: 19.81, amountMinor: 1981, percent: 22.01 },
      byCategory: [
        {
          category: 'jersey',
          total: 89.9,
          totalMinor: 8990,
          share: 81.88,
          previousTotal: 0,
          previousTotalMinor: 0,
          change: { amount: 89.9, amountMinor: 8990, percent: null },
        },
        {
          category: 'data-plan',
          total: 19.9,
          totalMinor: 1990,
          share: 18.12,
          previousTotal: 0,
          previousTotalMinor: 0,
          change: { amount: 19.9, amountMinor: 1990, percent: null },
        },
      ],
      topMerchants: [
        { merchant: 'shop', total: 89.9, totalMinor: 8990, payments: 1 },
        { merchant: 'esim', total: 19.9, totalMinor: 1990, payments: 1 },
      ],
      monthly: [
        {
          month: '2026-02',
          total: 89.99,
          totalMinor: 8999,
          payments: 89.99,
          paymentsMinor: 8999,
          refunds: 0,
          refundsMinor: 0,
          byCategory: [{ category: 'match-ticket', total: 89.99, totalMinor: 8999 }],
        },
        {
          month: '2026-03',
          total: 109.8,
          totalMinor: 10980,
          payments: 109.8,
          paymentsMinor: 10980,
          refunds: 0,
          refundsMinor: 0,
          byCategory: [
            { category: 'jersey', total: 89.9, totalMinor: 8990 },
            { category: 'data-plan', total: 19.9, totalMinor: 1990 },
          ],
        },
      ],
      transfers: { sent: 12.5, sentMinor: 1250, received: 0, receivedMinor: 0, deposited: 200, depositedMinor: 20000 },
      generatedAt: '2026-03-20T18:30:00.000Z',
    },
  },
});

export const forecastMethod = z.object({
  name: z.string(),
  description: z.string(),
});

export const predictions = defineOperation({
  name: 'ai.predictions',
  service: 'ai',
  summary: "The signed-in fan's spending over the next 30 days and the balance it leaves, with the method's backtest error against the seasonal-naive baseline",
  auth: 'user',
  http: { method: 'GET', path: '/api/ai/predictions' },
  input: z.object({}),
  output: z.object({
    userId: z.string(),
    currency,
    /** ok: a backtested forecast; insufficient_history: too little history to forecast honestly (no numbers then). */
    status: z.enum(['ok', 'insufficient_history']),
    method: forecastMethod,
    horizonDays: z.literal(30),
    /** The 30 forecast days [from, to), UTC dates. */
    window: z.object({ from: z.string(), to: z.string() }),
    /** Days from the fan's first wallet movement to today, inclusive. */
    historyDays: z.number().int(),
    predictedSpending: majorAmount.nullable(),
    predictedSpendingMinor: minorAmount.nullable(),
    baseline: z.object({
      method: forecastMethod,
      predictedSpending: majorAmount.nullable(),
      predictedSpendingMinor: minorAmount.nullable(),
    }),
    /**
     * The balance now (from the wallet) and after the predicted spending, if no
     * money comes in (null without a prediction). Null when the wallet cannot be read.
     */
    balanceProjection: z
      .object({
        currentBalance: majorAmount,
        currentBalanceMinor: minorAmount,
        projectedBalance: majorAmount.nullable(),
        projectedBalanceMinor: minorAmount.nullable(),
        at: z.string(),
      })
      .nullable(),
    /** Rolling-origin backtest on the fan's own history: mean absolute error of 30-day totals. */
    backtest: z
      .object({
        folds: z.number().int(),
        mae: majorAmount,
        maeMinor: minorAmount,
        baselineMae: majorAmount,
        baselineMaeMinor: minorAmount,
        beatsBaseline: z.boolean(),
      })
      .nullable(),
    /** Plain-language caveats: too little history, not better than the baseline, balance unknown. */
    note: z.string().nullable(),
    generatedAt: z.string(),
  }),
  tags: ['ai'],
  examples: {
    input: {},
    output: {
      userId: '00000000-0000-4000-8000-000000000001',
      currency: 'EUR',
      status: 'ok',
      method: {
        name: 'trailing-mean',
        description: 'Mean daily spending (payments minus refunds) over the last 90 days (fewer when the history is shorter), times 30',
      },
      horizonDays: 30,
      window: { from: '2026-03-21', to: '2026-04-20' },
      historyDays: 182,
      predictedSpending: 96.4,
      predictedSpendingMinor: 9640,
      baseline: {
        method: { name: 'seasonal-naive', description: "The last 30 days' spending, repeated for the next 30" },
        predictedSpending: 109.8,
        predictedSpendingMinor: 10980,
      },
      balanceProjection: {
        currentBalance: 137.5,
        currentBalanceMinor: 13750,
        projectedBalance: 41.1,
        projectedBalanceMinor: 4110,
        at: '2026-04-20',
      },
      backtest: { folds: 4, mae: 18.2, maeMinor: 1820, baselineMae: 27.5, baselineMaeMinor: 2750, beatsBaseline: true },
      note: null,
      generatedAt: '2026-03-20T18:30:00.000Z',
    },
  },
});

export const aiOperations: readonly Operation[] = [recommendations, insights, predictions];
/** The AI service publishes nothing: it only listens. */
export const aiEvents: readonly EventContract[] = [];
