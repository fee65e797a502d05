import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export interface OperationMetrics {
  registry: Registry;
  operations: Counter<'operation' | 'outcome'>;
  duration: Histogram<'operation'>;
}

export function createMetrics(service: string, instance: string): OperationMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service, instance });
  collectDefaultMetrics({ register: registry });
  const operations = new Counter({
    name: 'operations_total',
    help: 'Operations handled, by outcome (ok or error code)',
    labelNames: ['operation', 'outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'operation_duration_seconds',
    help: 'Time spent handling an operation',
    labelNames: ['operation'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return { registry, operations, duration };
}
