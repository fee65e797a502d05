import type { OperationMetrics } from '@platform/service-kit';

type Labels<L extends string> = Partial<Record<L, string>>;

interface Counter<L extends string> {
  inc(labels: Labels<L>, value?: number): void;
}
interface Histogram<L extends string> {
  observe(labels: Labels<L>, value: number): void;
}
type CounterClass = new <L extends string>(config: { name: string; help: string; labelNames: readonly L[]; registers: unknown[] }) => Counter<L>;
type HistogramClass = new <L extends string>(config: {
  name: string;
  help: string;
  labelNames: readonly L[];
  buckets: number[];
  registers: unknown[];
}) => Histogram<L>;

export interface SyncMetrics {
  runs: Counter<'status' | 'trigger'>;
  duration: Histogram<'status'>;
  items: Counter<'table' | 'outcome'>;
  authFailures: Counter<never>;
  retries: Counter<'reason'>;
  health: Counter<'result'>;
}

/**
 * The sync's Prometheus metrics on the service's registry. prom-client is a
 * dependency of the service kit, not of this service, so its classes are
 * taken from the kit's own metrics rather than imported.
 */
export function createSyncMetrics(metrics: OperationMetrics): SyncMetrics {
  const Counter = metrics.operations.constructor as CounterClass;
  const Histogram = metrics.duration.constructor as HistogramClass;
  const registers = [metrics.registry];
  return {
    runs: new Counter({ name: 'template_sync_runs_total', help: 'Sync runs finished, by status', labelNames: ['status', 'trigger'], registers }),
    duration: new Histogram({
      name: 'template_sync_run_duration_seconds',
      help: 'Duration of sync runs',
      labelNames: ['status'],
      buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900],
      registers,
    }),
    items: new Counter({ name: 'template_sync_items_total', help: 'Rows read and written by syncs', labelNames: ['table', 'outcome'], registers }),
    authFailures: new Counter({
      name: 'template_api_auth_failures_total',
      help: 'Template API answers 401 (wrong TEMPLATE_API_KEY)',
      labelNames: [],
      registers,
    }),
    retries: new Counter({ name: 'template_api_retries_total', help: 'Template API requests retried, by reason', labelNames: ['reason'], registers }),
    health: new Counter({ name: 'template_health_checks_total', help: 'Template health checks, by result', labelNames: ['result'], registers }),
  };
}
