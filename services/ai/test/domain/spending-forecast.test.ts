import { describe, expect, it } from 'vitest';
import { DAY_MS, dayNumber } from '../../src/domain/calendar.js';
import {
  backtest,
  buildPredictions,
  dailySpending,
  MIN_HISTORY_DAYS,
  seasonalNaiveForecast,
  trailingMeanForecast,
} from '../../src/domain/spending-forecast.js';
import type { SpendingEntry } from '../../src/domain/spending-insights.js';

const now = new Date('2026-06-15T18:00:00Z');
const today = dayNumber(now);
/** An entry `daysAgo` days before today, at noon UTC. */
const on = (daysAgo: number, kind: 'payment' | 'refund', amountMinor: number): SpendingEntry => ({
  kind,
  amountMinor,
  merchant: 'shop',
  category: 'jersey',
  occurredAt: new Date((today - daysAgo) * DAY_MS + 12 * 3_600_000),
});
const firstActivity = (daysAgo: number) => new Date((today - daysAgo) * DAY_MS + 3_600_000);

/** 67 days of history (index 0 = 66 days ago): small enough to check by hand. */
const handWorked = [
  on(61, 'payment', 600),
  on(31, 'payment', 3000),
  on(30, 'refund', 600),
  on(26, 'payment', 900),
  on(16, 'payment', 1200),
  on(0, 'payment', 300),
];

describe('daily spending series', () => {
  it('nets payments and refunds per UTC day from the first activity to today', () => {
    const series = dailySpending([...handWorked, { ...on(3, 'payment', 1), kind: 'deposit' }], today - 66, today);
    expect(series).toHaveLength(67);
    expect(series[5]).toBe(600);
    expect(series[35]).toBe(3000);
    expect(series[36]).toBe(-600);
    expect(series[66]).toBe(300);
    expect(series.reduce((a, b) => a + b, 0)).toBe(5400);
  });
});

describe('forecasts and their backtest', () => {
  const series = dailySpending(handWorked, today - 66, today);

  it('the model averages the days before the origin only; the baseline repeats the last 30', () => {
    expect(trailingMeanForecast(series, 37)).toBe(2432); // 3000 over 37 days, times 30
    expect(seasonalNaiveForecast(series, 37)).toBe(2400);
    const changedFuture = [...series];
    changedFuture[37] += 99_999;
    expect(trailingMeanForecast(changedFuture, 37)).toBe(2432);
    expect(seasonalNaiveForecast(changedFuture, 37)).toBe(2400);
  });

  it('backtests with rolling origins a week apart, while 30 days of training remain', () => {
    // origin 37: model 2432, baseline 2400, actual 2400; origin 30: model 600, baseline 600, actual 4500.
    expect(backtest(series)).toEqual({ folds: 2, maeMinor: 1966, baselineMaeMinor: 1950, beatsBaseline: false });
    expect(backtest(series.slice(0, MIN_HISTORY_DAYS - 1))).toBeUndefined();
    expect(backtest(series.slice(0, MIN_HISTORY_DAYS))?.folds).toBe(1);
  });

  it('beats the seasonal-naive baseline on a steady weekly habit, which the 30-day window over- or under-counts', () => {
    const weekly = Array.from({ length: 200 }, (_, day) => (day % 7 === 3 ? 1000 : 0));
    const result = backtest(weekly)!;
    expect(result.folds).toBe(12);
    expect(result.beatsBaseline).toBe(true);
    expect(result.maeMinor).toBeLessThan(result.baselineMaeMinor);
  });

  it('never forecasts negative spending', () => {
    expect(trailingMeanForecast([0, 0, -500], 3)).toBe(0);
    expect(seasonalNaiveForecast(new Array(30).fill(-1), 30)).toBe(0);
  });
});

describe('buildPredictions', () => {
  it('forecasts the next 30 days with the backtest, and says the model did not beat the baseline', () => {
    const result = buildPredictions({ userId: 'u-1', entries: handWorked, firstActivity: firstActivity(66), balanceMinor: 10_000, now });
    expect(result).toMatchObject({
      status: 'ok',
      horizonDays: 30,
      historyDays: 67,
      window: { from: '2026-06-16', to: '2026-07-16' },
      predictedSpending: 24.18,
      predictedSpendingMinor: 2418, // 5400 over 67 days, times 30
      baseline: { predictedSpendingMinor: 2400 },
      balanceProjection: { currentBalanceMinor: 10_000, projectedBalanceMinor: 7582, projectedBalance: 75.82, at: '2026-07-16T00:00:00.000Z' },
      backtest: { folds: 2, mae: 19.66, maeMinor: 1966, baselineMae: 19.5, baselineMaeMinor: 1950, beatsBaseline: false },
    });
    expect(result.note).toContain('did not beat');
    expect(result.note).toContain('24.00');
  });

  it('gives no numbers without enough history, and says so', () => {
    const none = buildPredictions({ userId: 'u-1', entries: [], firstActivity: null, balanceMinor: 500, now });
    expect(none).toMatchObject({ status: 'insufficient_history', historyDays: 0, predictedSpending: null, backtest: null });
    // The balance is still shown; only the projection is missing.
    expect(none.balanceProjection).toMatchObject({ currentBalanceMinor: 500, currentBalance: 5, projectedBalance: null, projectedBalanceMinor: null });
    expect(none.note).toMatch(/No wallet activity yet/);
    const short = buildPredictions({ userId: 'u-1', entries: [on(3, 'payment', 100)], firstActivity: firstActivity(58), balanceMinor: 500, now });
    expect(short).toMatchObject({ status: 'insufficient_history', historyDays: 59, predictedSpendingMinor: null, baseline: { predictedSpendingMinor: null } });
    expect(short.note).toMatch(/Only 59 days of history/);
  });

  it('warns when the spending would exceed the balance, and leaves the projection out when the balance is unknown', () => {
    const weekly = Array.from({ length: 100 }, (_, daysAgo) => (daysAgo % 7 === 0 ? [on(daysAgo, 'payment', 1000)] : [])).flat();
    const broke = buildPredictions({ userId: 'u-1', entries: weekly, firstActivity: firstActivity(99), balanceMinor: 100, now });
    expect(broke.backtest?.beatsBaseline).toBe(true);
    expect(broke.balanceProjection!.projectedBalanceMinor).toBeLessThan(0);
    expect(broke.note).toMatch(/exceed the current balance/);
    const unknown = buildPredictions({ userId: 'u-1', entries: weekly, firstActivity: firstActivity(99), balanceMinor: undefined, now });
    expect(unknown.balanceProjection).toBeNull();
    expect(unknown.predictedSpendingMinor).toBe(broke.predictedSpendingMinor);
    expect(unknown.note).toMatch(/balance could not be read/);
  });
});
