import { ai, type RawInputOf } from '@platform/contracts';
import type { ApiBaseClass } from '../api-base.js';

/** Personalisation (seed 003: getAIRecommendations, getAIInsights, getAIPredictions), for the signed-in fan. */
export function withAi<Base extends ApiBaseClass>(Base: Base) {
  return class AiMethods extends Base {
    /** Products, events and eSIM plans to suggest; `kind` narrows to one of them. */
    getAIRecommendations(options: RawInputOf<typeof ai.recommendations> = {}) {
      return this.call(ai.recommendations, options);
    }

    /** Spending by category and month; `month` like "2026-03" (default: this month). */
    getAIInsights(options: RawInputOf<typeof ai.insights> = {}) {
      return this.call(ai.insights, options);
    }

    /** Spending forecast for the next 30 days, with its backtest against a naive baseline. */
    getAIPredictions() {
      return this.call(ai.predictions, {});
    }
  };
}
