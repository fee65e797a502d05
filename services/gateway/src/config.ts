import { availableParallelism } from 'node:os';
import { baseEnvSchema, envFlag, optionalEnv, postgresEnvSchema, redisEnvSchema } from '@platform/service-kit';
import { z } from 'zod';

const commaList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

/** `NAME=` in .env means "not set": the default applies. */
const unsetWhenEmpty = (value: unknown) => (value === '' ? undefined : value);

export const gatewayEnvSchema = baseEnvSchema
  .extend(postgresEnvSchema.shape)
  .extend(redisEnvSchema.shape)
  .extend({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** Gateway processes sharing PORT on this machine (node:cluster, docs/decisions/0006); 1 runs no primary. */
    GATEWAY_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters (generate one with: openssl rand -base64 48)'),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
    REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    CORS_ORIGINS: commaList,
    /** Requests per window for one signed-in account (a fan), on every route (docs/operations.md, "Limits"). */
    RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(600),
    /** The same for a staff or admin account: a gate device scans all match long. */
    RATE_LIMIT_STAFF_MAX: z.coerce.number().int().min(1).default(6_000),
    /** Requests per window from one IP address, signed in or not: a backstop sized for a carrier NAT full of fans. */
    RATE_LIMIT_IP_MAX: z.coerce.number().int().min(1).default(6_000),
    RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(1000).default(60_000),
    /** Multiplies every per-route limit of the contracts (e.g. 0.5 halves them, 100 for load tests). */
    RATE_LIMIT_ROUTE_FACTOR: z.coerce.number().positive().default(1),
    /** Wrong passwords one account may take per LOGIN_FAILURE_WINDOW_MS before its logins answer 429. */
    LOGIN_FAILURE_MAX: z.coerce.number().int().min(1).default(10),
    LOGIN_FAILURE_WINDOW_MS: z.coerce
      .number()
      .int()
      .min(1000)
      .default(15 * 60_000),
    /** Password hashes computed at once (scrypt runs on libuv's pool); defaults to the machine's cores. */
    PASSWORD_HASH_CONCURRENCY: z.preprocess(unsetWhenEmpty, z.coerce.number().int().min(1).max(64).default(Math.max(1, availableParallelism()))),
    /** Longest a register or login may wait for a hash slot; beyond it they answer 503 with Retry-After at once. */
    PASSWORD_HASH_MAX_WAIT_MS: z.coerce.number().int().min(0).default(3_000),
    /** scrypt cost of new password hashes: owasp (default), or reduced for test runs only (refused when NODE_ENV=production). */
    PASSWORD_HASH_COST: z.enum(['owasp', 'reduced'], { error: 'must be owasp or reduced' }).default('owasp'),
    BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
    /**
     * Whose X-Forwarded-For the gateway believes for the client address (the
     * per-IP backstop, logs): false (default, the socket's peer), true (any
     * proxy: only when nothing else can reach the port), a number of proxy hops,
     * or a comma list of proxy addresses/CIDRs (docs/operations.md, "Proxy trust").
     */
    TRUST_PROXY: z
      .string()
      .trim()
      .default('false')
      .refine((value) => /^(true|false|\d+|[0-9a-fA-F.:/,\s]*)$/.test(value), 'must be true, false, a hop count or a comma list of addresses/CIDRs')
      .transform((value): boolean | number | string => {
        if (value === 'true') return true;
        if (value === 'false' || value === '') return false;
        return /^\d+$/.test(value) ? Number(value) : value;
      }),
    /** The whole request must arrive within this (408 otherwise): slow clients are cut off. */
    HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
    /** The headers must arrive within this (at most HTTP_REQUEST_TIMEOUT_MS). */
    HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).default(20_000),
    /** An idle keep-alive connection is closed after this (above a load balancer's own idle timeout). */
    HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).default(72_000),
    /** How often Node checks those timeouts; a stalled request is cut within timeout + this. */
    HTTP_TIMEOUT_CHECK_INTERVAL_MS: z.coerce.number().int().min(50).default(5_000),
    /** Bearer token a Prometheus scraper sends for /metrics; unset, /metrics answers administrators only. */
    METRICS_TOKEN: optionalEnv(z.string().min(16, 'must be at least 16 characters')),
    MIGRATE_ON_START: envFlag('true'),
    /** bull-board at /admin/queues, behind an admin cookie session (src/http/job-dashboard.ts). */
    JOB_DASHBOARD_ENABLED: envFlag('true'),
    /** The social WebSocket at /api/social/ws (src/http/realtime.ts, docs/realtime.md). */
    REALTIME_ENABLED: envFlag('true'),
    /** Devices one user may keep connected to one gateway instance; a new one beyond it closes the oldest. */
    REALTIME_MAX_CONNECTIONS_PER_USER: z.coerce.number().int().min(1).max(100).default(5),
    /** WebSocket ping interval; a socket silent for a whole interval is dropped. */
    REALTIME_HEARTBEAT_MS: z.coerce.number().int().min(1_000).default(30_000),
    /** Most missed messages one resume sends (the rest is paged over HTTP). */
    REALTIME_RESUME_MAX_MESSAGES: z.coerce.number().int().min(1).max(10_000).default(1_000),
    /** Bytes queued for a client that does not read before it is disconnected. */
    REALTIME_MAX_BUFFERED_BYTES: z.coerce.number().int().min(65_536).default(1_048_576),
    ADMIN_EMAIL: z.string().email().optional(),
    ADMIN_PASSWORD: z.string().min(8).optional(),
  });

export type GatewayConfig = z.output<typeof gatewayEnvSchema>;
