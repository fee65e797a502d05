import { byId, onClick } from '../dom.js';

/** The AI service's three views of the signed-in fan, computed from platform events. */
export function mountAi({ client, run }) {
  onClick(byId('ai-recommendations-button'), () => run('getAIRecommendations()', () => client.getAIRecommendations()));
  onClick(byId('ai-insights-button'), () => run('getAIInsights()', () => client.getAIInsights()));
  onClick(byId('ai-predictions-button'), () => run('getAIPredictions()', () => client.getAIPredictions()));
}
