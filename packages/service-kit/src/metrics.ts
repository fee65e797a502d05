import type { ReplyEnvelope } from '@platform/contracts';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export interface OperationMetrics {
  registry: Registry;
  operations: Counter<'operation' | 'outcome'>;
  duration: Histogram<'operation'>;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  eventsPublished: Counter;
}

/**
 * The registry every service exposes on /metrics. `service` and `instance` are
 * default labels, so several replicas scraped into one Prometheus stay apart.
 */
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
  const httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP responses sent by this process, by route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const eventsPublished = new Counter({
    name: 'events_published_total',
    help: 'Events this process published to JetStream from its outbox (a repeated publish counts again)',
    registers: [registry],
  });
  return { registry, operations, duration, httpRequests, eventsPublished };
}

/**
 * A counter of the service's own on its /metrics. Services create their
 * metrics through the kit, so prom-client stays one dependency in one place.
 */
export function addCounter<L extends string = never>(metrics: OperationMetrics, config: { name: string; help: string; labelNames?: readonly L[] }): Counter<L> {
  return new Counter<L>({ name: config.name, help: config.help, labelNames: config.labelNames ?? [], registers: [metrics.registry] });
}

/** A histogram of the service's own on its /metrics (see addCounter). */
export function addHistogram<L extends string = never>(
  metrics: OperationMetrics,
  config: { name: string; help: string; buckets: number[]; labelNames?: readonly L[] },
): Histogram<L> {
  return new Histogram<L>({
    name: config.name,
    help: config.help,
    labelNames: config.labelNames ?? [],
    buckets: config.buckets,
    registers: [metrics.registry],
  });
}

export type { Counter, Histogram } from 'prom-client';

/** Runs one operation, whichever way it arrived (NATS or in-process), and records its duration and outcome. */
export async function recordOperation(metrics: OperationMetrics, operation: string, run: () => Promise<ReplyEnvelope>): Promise<ReplyEnvelope> {
  const stopTimer = metrics.duration.startTimer({ operation });
  const reply = await run();
  stopTimer();
  metrics.operations.inc({ operation, outcome: reply.ok ? 'ok' : reply.error.code });
  return reply;
}
