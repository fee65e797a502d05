import { addCounter, addHistogram, type Counter, type Histogram, type OperationMetrics } from '@platform/service-kit';

export interface SyncMetrics {
  runs: Counter<'status' | 'trigger'>;
  duration: Histogram<'status'>;
  items: Counter<'table' | 'outcome'>;
  authFailures: Counter<never>;
  retries: Counter<'reason'>;
  health: Counter<'result'>;
}

/** The sync's Prometheus metrics, on the service's /metrics. */
export function createSyncMetrics(metrics: OperationMetrics): SyncMetrics {
  return {
    runs: addCounter(metrics, { name: 'template_sync_runs_total', help: 'Sync runs finished, by status', labelNames: ['status', 'trigger'] }),
    duration: addHistogram(metrics, {
      name: 'template_sync_run_duration_seconds',
      help: 'Duration of sync runs',
      labelNames: ['status'],
      buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900],
    }),
    items: addCounter(metrics, { name: 'template_sync_items_total', help: 'Rows read and written by syncs', labelNames: ['table', 'outcome'] }),
    authFailures: addCounter(metrics, { name: 'template_api_auth_failures_total', help: 'Template API answers 401 (wrong TEMPLATE_API_KEY)' }),
    retries: addCounter(metrics, { name: 'template_api_retries_total', help: 'Template API requests retried, by reason', labelNames: ['reason'] }),
    health: addCounter(metrics, { name: 'template_health_checks_total', help: 'Template health checks, by result', labelNames: ['result'] }),
  };
}
