import type { OperationMetrics } from '@platform/service-kit';

export interface LabelledCounter<L extends string> {
  inc(labels: Partial<Record<L, string>>, value?: number): void;
}

type CounterClass = new <L extends string>(config: { name: string; help: string; labelNames: readonly L[]; registers: unknown[] }) => LabelledCounter<L>;

/**
 * A Prometheus counter on the service's registry. prom-client is a dependency
 * of the service kit, not of this service, so its Counter class is taken from
 * the kit's own operations counter rather than imported.
 */
export function counter<L extends string>(metrics: OperationMetrics, name: string, help: string, labelNames: readonly L[]): LabelledCounter<L> {
  const Counter = metrics.operations.constructor as CounterClass;
  return new Counter({ name, help, labelNames, registers: [metrics.registry] });
}
