import { createHash, timingSafeEqual } from 'node:crypto';
import { type MetricsAccess, verifiedAccessToken } from '@platform/service-kit';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * /metrics on the gateway's port is public ground: it answers a Prometheus
 * scraper that sends `Authorization: Bearer <METRICS_TOKEN>` (compared in
 * constant time), or an administrator's access token, and nobody else.
 * Services' own /metrics stay on their internal ports, unguarded.
 */
export function metricsAccess(metricsToken: string | undefined): MetricsAccess {
  const expected = metricsToken ? digest(metricsToken) : undefined;
  return async (request) => {
    const authorization = request.headers.authorization;
    if (typeof authorization !== 'string' || !authorization.startsWith('Bearer ')) {
      return { status: 401, message: 'Metrics need Authorization: Bearer <METRICS_TOKEN> or an administrator access token' };
    }
    const presented = authorization.slice('Bearer '.length).trim();
    if (expected && timingSafeEqual(digest(presented), expected)) return true;
    try {
      const claims = await verifiedAccessToken(request);
      if (claims.typ === 'access' && claims.role === 'admin') return true;
    } catch {
      return { status: 401, message: 'The metrics token or access token is invalid or expired' };
    }
    return { status: 403, message: 'Metrics are for the scraper and administrators' };
  };
}
