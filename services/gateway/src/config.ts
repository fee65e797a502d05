import { baseEnvSchema, envFlag, postgresEnvSchema, redisEnvSchema } from '@platform/service-kit';
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
    RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(600),
    RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(1000).default(60_000),
    /** Multiplies every per-route limit of the contracts (e.g. 0.5 halves them, 100 for load tests). */
    RATE_LIMIT_ROUTE_FACTOR: z.coerce.number().positive().default(1),
    BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
    TRUST_PROXY: envFlag('false'),
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
