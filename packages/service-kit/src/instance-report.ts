import { hostname } from 'node:os';
import type { system } from '@platform/contracts';
import type { z } from 'zod';
import type { InFlight } from './in-flight.js';
import type { OperationMetrics } from './metrics.js';

export type InstanceReport = z.output<typeof system.instanceReport>;

/** Probe routes are scraped all the time; counting them would drown the real load. */
const PROBE_ROUTES = new Set(['/health', '/ready', '/metrics']);

/**
 * What one process has done since it started, read from its own Prometheus
 * counters, so the report and /metrics can never disagree.
 */
export async function buildInstanceReport(
  identity: { service: string; instance: string; startedAt: number },
  metrics: OperationMetrics,
  inFlight: InFlight,
): Promise<InstanceReport> {
  const operations: Record<string, number> = {};
  for (const { labels, value } of (await metrics.operations.get()).values) {
    const name = String(labels.operation);
    operations[name] = (operations[name] ?? 0) + value;
  }
  let httpRequests = 0;
  for (const { labels, value } of (await metrics.httpRequests.get()).values) {
    if (!PROBE_ROUTES.has(String(labels.route))) httpRequests += value;
  }
  return {
    service: identity.service,
    instance: identity.instance,
    hostname: hostname(),
    pid: process.pid,
    uptimeSeconds: Math.round((Date.now() - identity.startedAt) / 1000),
    rssBytes: process.memoryUsage.rss(),
    inFlight: inFlight.size,
    operations,
    httpRequests,
    eventsPublished: (await metrics.eventsPublished.get()).values.reduce((sum, { value }) => sum + value, 0),
  };
}
