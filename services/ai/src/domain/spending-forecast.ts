import { type ai, DEFAULT_CURRENCY, formatMinor, minorToMajor, type OutputOf } from '@platform/contracts';
import { DAY_MS, dayDate, dayNumber } from './calendar.js';
import type { SpendingEntry } from './spending-insights.js';

export type Predictions = OutputOf<typeof ai.predictions>;

/** The forecast covers the 30 days after today. */
export const HORIZON_DAYS = 30;
/** The model averages at most this many days before the forecast origin. */
export const TRAINING_WINDOW_DAYS = 90;
/** Fewer days to learn from and the baseline (one full period) could not even be computed. */
export const MIN_TRAINING_DAYS = HORIZON_DAYS;
/** Backtest origins step back a week at a time, at most 12 of them (about a quarter of folds). */
export const FOLD_STEP_DAYS = 7;
export const MAX_FOLDS = 12;
/** One backtest fold needs a training period and a held-out period: no forecast is given with less. */
export const MIN_HISTORY_DAYS = MIN_TRAINING_DAYS + HORIZON_DAYS;

export const METHOD = {
  name: 'trailing-mean',
  description: `Mean daily spending (payments minus refunds) over the last ${TRAINING_WINDOW_DAYS} days (fewer when the history is shorter), times ${HORIZON_DAYS}`,
};
export const BASELINE = {
  name: 'seasonal-naive',
  description: `The last ${HORIZON_DAYS} days' spending, repeated for the next ${HORIZON_DAYS}`,
};

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/**
 * Net spending per UTC day, from `firstDay` to `today` inclusive (index 0 =
 * firstDay). Payments add, refunds subtract; other movements are not spending.
 * Today counts with what has happened so far.
 */
export function dailySpending(entries: readonly SpendingEntry[], firstDay: number, today: number): number[] {
  const series = new Array<number>(Math.max(0, today - firstDay + 1)).fill(0);
  for (const entry of entries) {
    if (entry.kind !== 'payment' && entry.kind !== 'refund') continue;
    const index = dayNumber(entry.occurredAt) - firstDay;
    if (index < 0 || index >= series.length) continue;
    series[index] += entry.kind === 'payment' ? entry.amountMinor : -entry.amountMinor;
  }
  return series;
}

/** The model: mean of the (up to) 90 days before `origin`, times 30, never below 0. Needs origin >= 1. */
export function trailingMeanForecast(series: readonly number[], origin: number): number {
  const start = Math.max(0, origin - TRAINING_WINDOW_DAYS);
  const window = series.slice(start, origin);
  return Math.max(0, Math.round((sum(window) * HORIZON_DAYS) / window.length));
}

/** The baseline: the 30 days before `origin`, repeated, never below 0. Needs origin >= 30. */
export function seasonalNaiveForecast(series: readonly number[], origin: number): number {
  return Math.max(0, sum(series.slice(origin - HORIZON_DAYS, origin)));
}

export interface Backtest {
  folds: number;
  maeMinor: number;
  baselineMaeMinor: number;
  beatsBaseline: boolean;
}

/**
 * Rolling-origin backtest: for each origin (the last possible one, then a week
 * earlier, ...), both methods forecast the next 30 days from the days before
 * the origin only, and are scored against what was really spent. The error is
 * the mean absolute error of the 30-day totals. Undefined when not one fold fits.
 */
export function backtest(series: readonly number[]): Backtest | undefined {
  let modelError = 0;
  let baselineError = 0;
  let folds = 0;
  for (let origin = series.length - HORIZON_DAYS; origin >= MIN_TRAINING_DAYS && folds < MAX_FOLDS; origin -= FOLD_STEP_DAYS) {
    const actual = sum(series.slice(origin, origin + HORIZON_DAYS));
    modelError += Math.abs(trailingMeanForecast(series, origin) - actual);
    baselineError += Math.abs(seasonalNaiveForecast(series, origin) - actual);
    folds++;
  }
  if (folds === 0) return undefined;
  // The error sums are exact integers over the same folds: comparing them is comparing the MAEs exactly.
  return { folds, maeMinor: Math.round(modelError / folds), baselineMaeMinor: Math.round(baselineError / folds), beatsBaseline: modelError < baselineError };
}

export interface PredictionsRequest {
  userId: string;
  /** Payments and refunds of the fan (others are ignored), at least the last TRAINING_WINDOW_DAYS + backtest span. */
  entries: readonly SpendingEntry[];
  /** The fan's first wallet movement of any kind: their history starts there, with zero-spending days counted. */
  firstActivity: Date | null;
  /** From the wallet; undefined when it could not be read. */
  balanceMinor: number | undefined;
  now: Date;
}

function notesFor(state: { historyDays: number; test?: Backtest; baselineMinor?: number; balanceKnown: boolean; projectedMinor?: number }): string | null {
  const notes: string[] = [];
  if (!state.test) {
    notes.push(
      state.historyDays === 0
        ? `No wallet activity yet, so there is nothing to forecast from. A forecast needs ${MIN_HISTORY_DAYS} days of history.`
        : `Only ${state.historyDays} day${state.historyDays === 1 ? '' : 's'} of history: a forecast needs ${MIN_HISTORY_DAYS} (${MIN_TRAINING_DAYS} to learn from and ${HORIZON_DAYS} to check it against), so none is given yet.`,
    );
  } else if (!state.test.beatsBaseline) {
    notes.push(
      `In the backtest the trailing mean did not beat simply repeating the last ${HORIZON_DAYS} days ` +
        `(mean error ${formatMinor(state.test.maeMinor)} against ${formatMinor(state.test.baselineMaeMinor)} over ${state.test.folds} fold${state.test.folds === 1 ? '' : 's'}): ` +
        `use it with care; the baseline forecasts ${formatMinor(state.baselineMinor ?? 0)}.`,
    );
  }
  if (!state.balanceKnown) notes.push('The wallet balance could not be read right now, so it is not projected.');
  if (state.projectedMinor !== undefined && state.projectedMinor < 0) {
    notes.push(`At this pace, spending would exceed the current balance within ${HORIZON_DAYS} days.`);
  }
  return notes.length ? notes.join(' ') : null;
}

/**
 * Next 30 days' spending and the balance it leaves, with the method's
 * backtest against the seasonal-naive baseline. With less than 60 days of
 * history nothing is forecast: the answer says so instead of guessing.
 */
export function buildPredictions(request: PredictionsRequest): Predictions {
  const today = dayNumber(request.now);
  const firstDay = request.firstActivity ? Math.min(dayNumber(request.firstActivity), today) : today + 1;
  const historyDays = Math.max(0, today - firstDay + 1);
  const series = dailySpending(request.entries, firstDay, today);
  const test = backtest(series);

  const predictedMinor = test ? trailingMeanForecast(series, series.length) : undefined;
  const baselineMinor = test ? seasonalNaiveForecast(series, series.length) : undefined;
  const balanceKnown = request.balanceMinor !== undefined;
  const projectedMinor = predictedMinor !== undefined && balanceKnown ? request.balanceMinor! - predictedMinor : undefined;
  const windowStart = (today + 1) * DAY_MS;

  return {
    userId: request.userId,
    currency: DEFAULT_CURRENCY,
    status: test ? 'ok' : 'insufficient_history',
    method: METHOD,
    horizonDays: HORIZON_DAYS,
    window: { from: dayDate(today + 1), to: dayDate(today + 1 + HORIZON_DAYS) },
    historyDays,
    predictedSpending: predictedMinor === undefined ? null : minorToMajor(predictedMinor),
    predictedSpendingMinor: predictedMinor ?? null,
    baseline: {
      method: BASELINE,
      predictedSpending: baselineMinor === undefined ? null : minorToMajor(baselineMinor),
      predictedSpendingMinor: baselineMinor ?? null,
    },
    balanceProjection:
      request.balanceMinor === undefined
        ? null
        : {
            currentBalance: minorToMajor(request.balanceMinor),
            currentBalanceMinor: request.balanceMinor,
            projectedBalance: projectedMinor === undefined ? null : minorToMajor(projectedMinor),
            projectedBalanceMinor: projectedMinor ?? null,
            at: new Date(windowStart + HORIZON_DAYS * DAY_MS).toISOString(),
          },
    backtest: test
      ? {
          folds: test.folds,
          mae: minorToMajor(test.maeMinor),
          maeMinor: test.maeMinor,
          baselineMae: minorToMajor(test.baselineMaeMinor),
          baselineMaeMinor: test.baselineMaeMinor,
          beatsBaseline: test.beatsBaseline,
        }
      : null,
    note: notesFor({ historyDays, test, baselineMinor, balanceKnown, projectedMinor }),
    generatedAt: request.now.toISOString(),
  };
}
