import type { NatsConnection } from '@nats-io/transport-node';
import { type Operation, operationsOf, type ServiceName } from '@platform/contracts';
import type { FastifyInstance } from 'fastify';
import type { BaseConfig } from './config.js';
import { registerAccessTokens } from './access-tokens.js';
import { sendQueuedNow } from './end-of-turn.js';
import type { HandlerTable } from './handler-table.js';
import { createHttpApp, type HttpTimeouts } from './http-app.js';
import { type Dispatch, mountOperationRoutes } from './http-routes.js';
import { type MetricsAccess, mountProbeRoutes, type ReadinessCheck, runChecks } from './http-server.js';
import { releaseMemoryWhenIdle } from './idle-memory.js';
import { InFlight } from './in-flight.js';
import { buildInstanceReport, type InstanceReport } from './instance-report.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics, type OperationMetrics, recordOperation } from './metrics.js';
import { connectNats } from './nats.js';
import { OperationServer } from './operation-server.js';
import { type OperationHandler, runOperation } from './run-operation.js';

export interface ServiceOptions<S extends string = string> {
  /** One of the platform's ServiceName for a real service; its operations are then OperationsOf<name>. */
  name: S;
  config: BaseConfig;
  /** When set, the service's own HTTP server also serves its operations (standalone local development). */
  jwtSecret?: string;
  bodyLimitBytes?: number;
  logger?: Logger;
  /** Whose X-Forwarded-For to believe (HttpAppOptions.trustProxy); the gateway's TRUST_PROXY. */
  trustProxy?: boolean | string | number;
  timeouts?: Partial<HttpTimeouts>;
  /** Who may read /metrics on this server; unset, anyone who reaches the port (services' ports are internal). */
  metricsAccess?: MetricsAccess;
}

export type StatsProvider = () => Promise<Record<string, number>>;

/**
 * Everything a service needs to run, wired once: logger, metrics, NATS,
 * operation handlers, the probe server and graceful shutdown. A service's
 * main.ts builds one, registers its handlers and calls start().
 */
export class Service<S extends string = string> {
  readonly name: S;
  readonly logger: Logger;
  readonly metrics: OperationMetrics;
  readonly http: FastifyInstance;
  readonly inFlight = new InFlight();
  readonly config: BaseConfig;
  private readonly checks = new Map<string, ReadinessCheck>();
  private readonly shutdownHooks: Array<{ name: string; run: () => Promise<void> | void }> = [];
  private readonly handlers = new Map<string, { op: Operation; handler: OperationHandler }>();
  private statsProvider: StatsProvider = async () => ({});
  private operations!: OperationServer;
  private stopping = false;
  private stopped: Promise<void> | undefined;
  private readonly startedAt = Date.now();
  nc!: NatsConnection;

  constructor(private readonly options: ServiceOptions<S>) {
    this.name = options.name;
    this.config = options.config;
    this.logger = options.logger ?? createLogger({ service: options.name, instance: options.config.INSTANCE_ID, level: options.config.LOG_LEVEL });
    this.metrics = createMetrics(options.name, options.config.INSTANCE_ID);
    this.http = createHttpApp({ logger: this.logger, bodyLimitBytes: options.bodyLimitBytes, trustProxy: options.trustProxy, timeouts: options.timeouts });
    this.http.addHook('onResponse', async (request, reply) => {
      // The route pattern, not the URL: ids in paths would make one series per request.
      this.metrics.httpRequests.inc({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) });
    });
    mountProbeRoutes(this.http, {
      service: this.name,
      instance: options.config.INSTANCE_ID,
      startedAt: this.startedAt,
      checks: this.checks,
      metrics: this.metrics,
      isStopping: () => this.stopping,
      metricsAccess: options.metricsAccess,
    });
  }

  /** Connects to NATS. Handlers registered before or after connect() are served. */
  async connect(): Promise<this> {
    this.nc = await connectNats({ url: this.config.NATS_URL, name: `${this.name}:${this.config.INSTANCE_ID}`, logger: this.logger });
    this.operations = new OperationServer(this.nc, {
      service: this.name,
      namespace: this.config.NATS_NAMESPACE,
      logger: this.logger,
      metrics: this.metrics,
      inFlight: this.inFlight,
    });
    this.operations.serveSystemProbes({ health: () => this.healthReport(), stats: () => this.statsProvider() });
    this.operations.serveInstanceReport(() => this.instanceReport());
    this.addReadinessCheck('nats', async () => {
      if (this.nc.isClosed()) throw new Error('connection closed');
      await this.nc.flush();
    });
    for (const { op, handler } of this.handlers.values()) this.operations.handle(op, handler);
    // Once connect() resolves the server knows every subscription, so a request
    // sent right after start never meets "no responders".
    await this.nc.flush();
    return this;
  }

  handle<Op extends Operation>(op: Op, handler: OperationHandler<Op>): this {
    this.handlers.set(op.name, { op, handler: handler as OperationHandler });
    if (this.operations) this.operations.handle(op, handler);
    return this;
  }

  /**
   * Serves every operation the contracts give this service, each with its
   * handler from the table. The table's type (HandlerTable) is derived from the
   * contracts, so a missing handler does not compile; the checks below only
   * catch a table forced past the compiler.
   */
  serve(handlers: S extends ServiceName ? HandlerTable<S> : never): this {
    const table = handlers as Record<string, OperationHandler | undefined>;
    const ops = operationsOf(this.name as ServiceName);
    const unknown = Object.keys(table).filter((name) => !ops.some((op) => op.name === name));
    if (unknown.length > 0) throw new Error(`${this.name} has handlers for operations that are not its own: ${unknown.join(', ')}`);
    const missing = ops.filter((op) => !table[op.name]).map((op) => op.name);
    if (missing.length > 0) throw new Error(`${this.name} has no handler for ${missing.join(', ')}`);
    for (const op of ops) this.handle(op, table[op.name]!);
    return this;
  }

  addReadinessCheck(name: string, check: ReadinessCheck): this {
    this.checks.set(name, check);
    return this;
  }

  /** Runs on shutdown after in-flight work finished, in reverse registration order. */
  onShutdown(name: string, run: () => Promise<void> | void): this {
    this.shutdownHooks.push({ name, run });
    return this;
  }

  setStatsProvider(provider: StatsProvider): this {
    this.statsProvider = provider;
    return this;
  }

  /** Calls one of this service's handlers in-process, exactly as a NATS request would. */
  readonly dispatchLocal: Dispatch = async (op, input, ctx) => {
    const entry = this.handlers.get(op.name);
    if (!entry) return { ok: false, error: { code: 'NOT_FOUND', status: 404, message: `${op.name} is not served here` } };
    return this.inFlight.track(() => recordOperation(this.metrics, op.name, () => runOperation(op, entry.handler, input, ctx, this.logger)));
  };

  async healthReport() {
    const checks = await runChecks(this.checks);
    const up = Object.values(checks).every((c) => c.status === 'up');
    return {
      service: this.name,
      status: up && !this.stopping ? ('up' as const) : ('down' as const),
      instance: this.config.INSTANCE_ID,
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
      checks,
    };
  }

  /** This process's identity and load, as the gateway's GET /api/admin/instances lists it. */
  instanceReport(): Promise<InstanceReport> {
    return buildInstanceReport({ service: this.name, instance: this.config.INSTANCE_ID, startedAt: this.startedAt }, this.metrics, this.inFlight);
  }

  /** Serves this service's operations on its own HTTP server too, for running it alone. */
  async mountStandaloneRoutes(ops: readonly Operation[]): Promise<void> {
    if (!this.options.jwtSecret) throw new Error('mountStandaloneRoutes needs jwtSecret to check access tokens');
    await registerAccessTokens(this.http, { secret: this.options.jwtSecret });
    mountOperationRoutes(
      this.http,
      ops.filter((op) => op.service === this.name),
      { dispatch: this.dispatchLocal },
    );
  }

  /** Serves the HTTP routes. From then on, spare heap goes back to the system whenever the service is idle (idle-memory.ts). */
  async listen(port: number): Promise<string> {
    const address = await this.http.listen({ port, host: this.config.HTTP_HOST });
    this.onShutdown('idle-memory', releaseMemoryWhenIdle());
    return address;
  }

  /** Stops on SIGTERM/SIGINT; exits 0 when the drain finished in time, 1 otherwise. */
  installSignalHandlers(): void {
    const onSignal = (signal: string) => {
      this.logger.info({ signal }, 'shutting down');
      const timer = setTimeout(() => {
        this.logger.error({ inFlight: this.inFlight.size }, 'shutdown deadline passed; exiting with work in flight');
        process.exit(1);
      }, this.config.SHUTDOWN_TIMEOUT_MS);
      timer.unref();
      void this.stop().then(
        () => process.exit(0),
        (err) => {
          this.logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', () => onSignal('SIGTERM'));
    process.once('SIGINT', () => onSignal('SIGINT'));
  }

  /** Stop taking work, finish what is in flight, then close connections. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      this.stopping = true;
      await this.operations?.stopAccepting();
      await this.http.close();
      await this.inFlight.idle();
      for (const hook of [...this.shutdownHooks].reverse()) {
        try {
          await hook.run();
        } catch (err) {
          this.logger.warn({ err, hook: hook.name }, 'shutdown hook failed');
        }
      }
      sendQueuedNow();
      if (this.nc && !this.nc.isClosed()) await this.nc.drain();
      this.logger.info('stopped');
    })();
    return this.stopped;
  }
}
