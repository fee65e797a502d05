import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sendError } from './http-errors.js';
import type { OperationMetrics } from './metrics.js';

/** Decides whether a request may read /metrics: true, or why not (401 when no credential, 403 when the wrong one). */
export type MetricsAccess = (request: FastifyRequest) => Promise<true | { status: 401 | 403; message: string }>;

export type ReadinessCheck = () => Promise<void>;

export interface CheckResult {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

export async function runChecks(checks: Map<string, ReadinessCheck>, timeoutMs = 2_000): Promise<Record<string, CheckResult>> {
  const entries = await Promise.all(
    [...checks].map(async ([name, check]): Promise<[string, CheckResult]> => {
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          check(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        return [name, { status: 'up', latencyMs: Math.round(performance.now() - started) }];
      } catch (error) {
        return [name, { status: 'down', latencyMs: Math.round(performance.now() - started), error: (error as Error).message }];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return Object.fromEntries(entries);
}

/** Probe routes stay out of the public API document. */
const hiddenFromDocs = { schema: { hide: true } } as object;

/** /health (the process is alive), /ready (every dependency answers) and /metrics (Prometheus). */
export function mountProbeRoutes(
  app: FastifyInstance,
  options: {
    service: string;
    instance: string;
    startedAt: number;
    checks: Map<string, ReadinessCheck>;
    metrics: OperationMetrics;
    isStopping: () => boolean;
    metricsAccess?: MetricsAccess;
  },
): void {
  app.get('/health', hiddenFromDocs, async () => ({
    status: 'up',
    service: options.service,
    instance: options.instance,
    uptimeSeconds: Math.round((Date.now() - options.startedAt) / 1000),
  }));
  app.get('/ready', hiddenFromDocs, async (_request, reply) => {
    const checks = await runChecks(options.checks);
    const ready = !options.isStopping() && Object.values(checks).every((c) => c.status === 'up');
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', service: options.service, checks });
  });
  app.get('/metrics', hiddenFromDocs, async (request, reply) => {
    const access = options.metricsAccess ? await options.metricsAccess(request) : true;
    if (access !== true) {
      return sendError(reply, 'envelope', { code: access.status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN', status: access.status, message: access.message });
    }
    reply.header('content-type', options.metrics.registry.contentType);
    return options.metrics.registry.metrics();
  });
}
