import { z } from 'zod';
import { pageLimit } from '../../fields.js';
import { currency, majorAmount, minorAmount } from '../../money.js';
import { defineOperation } from '../../operation.js';

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
