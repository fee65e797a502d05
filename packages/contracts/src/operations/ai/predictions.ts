import { z } from 'zod';
import { currency, majorAmount, minorAmount } from '../../money.js';
import { defineOperation } from '../../operation.js';

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
