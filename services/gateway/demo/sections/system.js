import { byId, onClick } from '../dom.js';

/** GET /api/health and /api/stats: every service and dependency, as the seed's status check. */
export function mountSystem({ client, run }) {
  onClick(byId('health-button'), () => run('health()', () => client.health()));
  onClick(byId('stats-button'), () => run('stats()', () => client.stats()));
}
