import { hostname } from 'node:os';
import { z } from 'zod';

/** Variables every service reads. Services extend this with their own. */
export const baseEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NATS_URL: z.string().min(1, 'must not be empty'),
  /** Prefix for every NATS subject and stream, so parallel test runs never see each other. Empty in production. */
  NATS_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9_]*$/, 'must be lowercase letters, digits or underscores')
    .default(''),
  HTTP_HOST: z.string().default('127.0.0.1'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /**
   * Names this process in logs, metrics labels and GET /api/admin/instances, so
   * replicas stay apart. Empty (`INSTANCE_ID=` in .env) means unset: <hostname>-<pid>.
   */
  INSTANCE_ID: z
    .string()
    .trim()
    .default('')
    .transform((id) => id || `${hostname()}-${process.pid}`),
});

/** A `true`/`false` variable, as a boolean. */
export const envFlag = (defaultValue: 'true' | 'false') =>
  z
    .enum(['true', 'false'])
    .default(defaultValue)
    .transform((v) => v === 'true');

/** An optional variable: `VAR=` in a .env file means unset, not an empty value. */
export const optionalEnv = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

export type BaseConfig = z.output<typeof baseEnvSchema>;

/** Postgres-backed services read these as well. */
export const postgresEnvSchema = z.object({
  DATABASE_URL: z.string().url('must be a postgres:// URL'),
  /** Postgres schema owned by the service; defaults to the service name. */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'must be a lowercase SQL identifier')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
});

export const redisEnvSchema = z.object({
  REDIS_URL: z.string().url('must be a redis:// URL'),
  /** Prefix for Redis keys and BullMQ queues (test isolation). */
  REDIS_PREFIX: z.string().default(''),
});

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment against a schema; throws ConfigError naming every bad variable. */
export function parseConfig<S extends z.ZodType>(schema: S, env: Record<string, string | undefined> = process.env): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.');
    return env[name] === undefined ? `${name} is required but not set` : `${name} ${issue.message}`;
  });
  throw new ConfigError(problems);
}

/** As parseConfig, but a bad environment stops the process with a message naming the variables. */
export function loadConfig<S extends z.ZodType>(schema: S, env: Record<string, string | undefined> = process.env): z.output<S> {
  try {
    return parseConfig(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
}

export function schemaNameFor(service: string, override?: string): string {
  return override ?? service.replace(/-/g, '_');
}
