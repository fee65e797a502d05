import { ai, type Identity } from '@platform/contracts';
import type { HandlersOf } from '@platform/service-kit';
import { DAY_MS, dayNumber } from '../domain/calendar.js';
import { buildPredictions, FOLD_STEP_DAYS, HORIZON_DAYS, MAX_FOLDS, MIN_TRAINING_DAYS, TRAINING_WINDOW_DAYS } from '../domain/spending-forecast.js';
import type { AiDeps } from './deps.js';

/**
 * Older days cannot change the answer: the oldest backtest fold's model looks
 * back TRAINING_WINDOW_DAYS from an origin at most HORIZON + (MAX_FOLDS-1) * STEP
 * days ago. Reading only this window keeps the query bounded for long histories.
 */
const LOOKBACK_DAYS = HORIZON_DAYS + (MAX_FOLDS - 1) * FOLD_STEP_DAYS + Math.max(TRAINING_WINDOW_DAYS, MIN_TRAINING_DAYS) + 1;

/** GET /api/ai/predictions: the caller's own forecast, with its backtest. */
export function predictionHandlers(deps: AiDeps) {
  return {
    [ai.predictions.name]: async (_input, ctx) => {
      const me = ctx.user as Identity;
      const now = deps.now();
      const from = new Date((dayNumber(now) - LOOKBACK_DAYS) * DAY_MS);
      const to = new Date((dayNumber(now) + 1) * DAY_MS);
      const [entries, firstActivity, balanceMinor] = await Promise.all([
        deps.spending.entriesBetween(me.id, from, to),
        deps.spending.firstActivity(me.id),
        deps.lookups.balanceMinor(me.id, ctx),
      ]);
      return buildPredictions({ userId: me.id, entries, firstActivity, balanceMinor, now });
    },
  } satisfies HandlersOf<'ai'>;
}
