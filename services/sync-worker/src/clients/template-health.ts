import type { SyncMetrics } from '../metrics.js';
import type { TemplateClient } from './template-api.js';

export interface TemplateHealth {
  healthy: boolean;
  latency_ms: number;
  error?: string;
}

/** The seed's health check: can the export API's stats be read with our key? One attempt, short timeout. */
export async function checkTemplateHealth(client: TemplateClient, metrics: SyncMetrics, timeoutMs: number): Promise<TemplateHealth> {
  const started = performance.now();
  try {
    await client.stats({ timeoutMs, retries: 0 });
    metrics.health.inc({ result: 'up' });
    return { healthy: true, latency_ms: Math.round(performance.now() - started) };
  } catch (error) {
    metrics.health.inc({ result: 'down' });
    return { healthy: false, latency_ms: Math.round(performance.now() - started), error: (error as Error).message };
  }
}
