import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Connection URLs of the real infrastructure tests run against (started by infra/bin/prepare.sh). */
export const infra = {
  natsUrl: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
  databaseUrl: process.env.DATABASE_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/platform',
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
};

/**
 * A namespace isolates one test file: its NATS subjects and stream, its
 * Postgres schemas (<service>_<ns>) and its Redis keys all carry it, so test
 * files run in parallel without seeing each other.
 */
export function uniqueNamespace(prefix = 't'): string {
  return `${prefix}${randomBytes(5).toString('hex')}`;
}

export const schemaFor = (service: string, namespace: string) => `${service.replace(/-/g, '_')}_${namespace}`;

/** Environment for a service under test, isolated by namespace. */
export function serviceEnv(service: string, namespace: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_SERVICE_LOG_LEVEL ?? 'warn',
    NATS_URL: infra.natsUrl,
    NATS_NAMESPACE: namespace,
    DATABASE_URL: infra.databaseUrl,
    DATABASE_SCHEMA: schemaFor(service, namespace),
    DATABASE_POOL_SIZE: '5',
    REDIS_URL: infra.redisUrl,
    REDIS_PREFIX: `${namespace}:`,
    JWT_SECRET: TEST_JWT_SECRET,
    SHUTDOWN_TIMEOUT_MS: '5000',
    // Test runs register thousands of fans: a third of production's hash cost (refused in production).
    ...(service === 'gateway' ? { PASSWORD_HASH_COST: 'reduced' } : {}),
    ...extra,
  };
}

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';

/** Drops every schema a namespace created. Call in afterAll. */
export async function dropNamespaceSchemas(namespace: string): Promise<void> {
  const client = new pg.Client({ connectionString: infra.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE nspname LIKE $1', [`%\\_${namespace}`]);
    for (const row of rows) await client.query(`DROP SCHEMA IF EXISTS "${row.nspname}" CASCADE`);
  } finally {
    await client.end();
  }
}

export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const until = Date.now() + (options.timeoutMs ?? 10_000);
  let lastError: unknown;
  while (Date.now() < until) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as T;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
  throw new Error(`timed out waiting for ${options.what ?? 'condition'}${lastError ? `: ${(lastError as Error).message}` : ''}`);
}
