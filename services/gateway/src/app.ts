import { allOperations, type Operation } from '@platform/contracts';
import {
  createPool,
  EventPublisher,
  migrate,
  mountOperationRoutes,
  registerAccessTokens,
  Service,
  startOutboxRelay,
  type ReadinessCheck,
} from '@platform/service-kit';
import { Redis } from 'ioredis';
import type { GatewayConfig } from './config.js';
import { registerDemoPage } from './http/demo.js';
import { registerEventCatalog } from './http/event-catalog.js';
import { registerJobDashboard } from './http/job-dashboard.js';
import { natsDispatch } from './http/nats-dispatch.js';
import { registerOpenApi } from './http/openapi.js';
import { registerCors } from './http/cors.js';
import { metricsAccess } from './http/metrics-access.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { registerRateLimits, routeRateLimit } from './http/rate-limit.js';
import { registerRealtime } from './http/realtime.js';
import { authHandlers } from './operations/auth.js';
import { systemHandlers } from './operations/system.js';
import { userAdminHandlers } from './operations/users.js';
import { HashingQueue } from './domain/hashing-queue.js';
import { passwordHasherFor } from './domain/password.js';
import { ClubDirectory } from './store/club-directory.js';
import { LoginFailures } from './store/login-failures.js';
import { createPrisma } from './store/prisma.js';
import { RegistrationKeys } from './store/registration-keys.js';
import { SessionStore } from './store/sessions.js';
import { UserStore } from './store/users.js';
import { ExactWindowCounter } from './store/window-counters.js';
import { gatewayMigrations, gatewaySchema } from './schema.js';

/**
 * The public entry: one Fastify app whose routes are generated from the
 * contracts. Gateway-owned operations (auth, system) run in-process; every
 * other operation is forwarded to its service over NATS.
 */
export async function buildGateway(config: GatewayConfig, options: { operations?: readonly Operation[] } = {}): Promise<Service> {
  const service = new Service({
    name: 'gateway',
    config,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    timeouts: {
      requestMs: config.HTTP_REQUEST_TIMEOUT_MS,
      headersMs: config.HTTP_HEADERS_TIMEOUT_MS,
      keepAliveMs: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      checkIntervalMs: config.HTTP_TIMEOUT_CHECK_INTERVAL_MS,
    },
    // The public port: /metrics for a scraper's METRICS_TOKEN or an administrator's token only.
    metricsAccess: metricsAccess(config.METRICS_TOKEN),
  });
  const app = service.http;
  const schema = gatewaySchema(config);

  // Migrations, the readiness check and the outbox relay (its LISTEN connection and one batch); Prisma has its own pool.
  const pool = createPool(service, { connectionString: config.DATABASE_URL, max: 4 });
  if (config.MIGRATE_ON_START) await migrate(pool, schema, gatewayMigrations());
  const db = createPrisma({ url: config.DATABASE_URL, schema, poolSize: config.DATABASE_POOL_SIZE });
  service.onShutdown('prisma', () => db.$disconnect());

  // Auto-pipelining sends the rate-limit scripts of one event-loop turn in one write.
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false, enableAutoPipelining: true });
  redis.on('error', (err) => service.logger.debug({ err }, 'redis error'));
  service.onShutdown('redis', async () => {
    redis.disconnect();
  });
  const redisCheck: ReadinessCheck = async () => {
    await redis.ping();
  };
  service.addReadinessCheck('redis', redisCheck);

  await service.connect();

  registerSecurityHeaders(app);
  await registerCors(app, config.CORS_ORIGINS);
  registerRateLimits(app, redis, config);
  await registerAccessTokens(app, { secret: config.JWT_SECRET, expiresInSeconds: config.ACCESS_TOKEN_TTL_SECONDS });
  await registerOpenApi(app);
  registerEventCatalog(app);

  // User events (docs/decisions/0975): the relay publishes what the outbox holds; a
  // registration also publishes its own event at once, so the other services can
  // know the account before the 201 leaves. A failed early publish is only late.
  await startOutboxRelay(service, { pool, schema });
  const publisher = new EventPublisher(service.nc, config.NATS_NAMESPACE, () => service.metrics.eventsPublished.inc());
  const users = new UserStore(db, schema, (envelope) =>
    publisher.publishEnvelope(envelope).then(
      () => undefined,
      (err) => service.logger.warn({ err, eventId: envelope.id }, 'user event not published at once; the outbox relay will'),
    ),
  );
  const sessions = new SessionStore(db);
  // Counted by the routes mounted below; the system stats read it.
  let requests = 0;
  service.serve({
    ...authHandlers({
      users,
      sessions,
      sign: (claims) => app.jwt.sign(claims),
      config,
      hashing: new HashingQueue(config.PASSWORD_HASH_CONCURRENCY, config.PASSWORD_HASH_MAX_WAIT_MS),
      passwords: passwordHasherFor(config),
      loginFailures: new LoginFailures(
        new ExactWindowCounter(redis, `${config.REDIS_PREFIX}login-failures:`),
        config.LOGIN_FAILURE_MAX,
        config.LOGIN_FAILURE_WINDOW_MS,
      ),
      registrationKeys: new RegistrationKeys(redis, `${config.REDIS_PREFIX}registration-key:`),
      clubs: new ClubDirectory(service.nc, config.NATS_NAMESPACE, service.logger),
    }),
    ...userAdminHandlers({ users }),
    ...systemHandlers(service, {
      users,
      namespace: config.NATS_NAMESPACE,
      requestCount: () => requests,
      dependencyChecks: new Map<string, ReadinessCheck>([
        ['postgres', async () => void (await pool.query('SELECT 1'))],
        ['redis', redisCheck],
        ['nats', async () => void (await service.nc.flush())],
      ]),
    }),
  });
  await registerJobDashboard(service, config);
  await registerRealtime(service, config);
  await registerDemoPage(app);

  const forward = natsDispatch(service.nc, config.NATS_NAMESPACE, service.logger);
  mountOperationRoutes(app, options.operations ?? allOperations, {
    validateAtEdge: true,
    dispatch: (op, input, ctx) => (op.service === 'gateway' ? service.dispatchLocal(op, input, ctx) : forward(op, input, ctx)),
    routeConfig: (op) => routeRateLimit(op, config.RATE_LIMIT_ROUTE_FACTOR),
    onResponse: () => {
      requests++;
    },
  });
  return service;
}
