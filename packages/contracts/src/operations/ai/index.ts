import type { EventContract } from '../../events.js';
import { insights } from './insights.js';
import { predictions } from './predictions.js';
import { recommendations } from './recommendations.js';

/**
 * Personalisation (seed 003, "IA"): the seed's three routes, GET
 * /api/ai/recommendations, /api/ai/insights and /api/ai/predictions
 * (`getAIRecommendations()`, `getAIInsights()`, `getAIPredictions()`).
 * No model weights: the AI service builds its own read model from the
 * platform's events (wallet transfers, shop orders, tickets, eSIMs) and
 * answers with documented statistics (docs/services/ai.md). Every route
 * answers for the signed-in user only.
 */

export * from './recommendations.js';
export * from './insights.js';
export * from './predictions.js';

export const aiOperations = [recommendations, insights, predictions] as const;

/** The AI service publishes nothing: it only listens. */
export const aiEvents: readonly EventContract[] = [];
