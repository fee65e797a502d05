import { ai, type Identity } from '@platform/contracts';
import type { HandlersOf } from '@platform/service-kit';
import { monthOf } from '../domain/calendar.js';
import { buildInsights, insightsWindow } from '../domain/spending-insights.js';
import type { AiDeps } from './deps.js';

/** GET /api/ai/insights: the caller's own spending only. A fan with no history gets zeros and empty lists. */
export function insightHandlers(deps: AiDeps) {
  return {
    [ai.insights.name]: async (input, ctx) => {
      const me = ctx.user as Identity;
      const now = deps.now();
      const month = input.month ?? monthOf(now);
      const window = insightsWindow(month, input.months);
      const entries = await deps.spending.entriesBetween(me.id, window.from, window.to);
      return buildInsights({ userId: me.id, month, months: input.months, topMerchants: deps.topMerchants, entries, now });
    },
  } satisfies HandlersOf<'ai'>;
}
