import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { eventStreamName } from '@platform/contracts';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export const infra = {
  databaseUrl: process.env.DATABASE_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/platform',
  natsUrl: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
};

/** One namespace per run: its own schemas, subjects, stream and bucket; nothing real is touched. */
export const namespace = `benchos${randomBytes(4).toString('hex')}`;
export const bucket = `bench-${namespace}`;
export const jwtSecret = randomBytes(48).toString('base64url');
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface LocalStore {
  url: string;
  /** Successful PutObject calls per key since start. */
  writes: Map<string, number>;
  close(): Promise<void>;
}

/** The repo's local S3-compatible server (infra/local/s3-server.mjs), in this process, counting object writes. */
export async function startStore(): Promise<LocalStore> {
  const directory = mkdtempSync(join(tmpdir(), 'bench-s3-'));
  const writes = new Map<string, number>();
  const { startLocalS3 } = (await import(pathToFileURL(`${repoRoot}infra/local/s3-server.mjs`).href)) as {
    startLocalS3(options: object): Promise<{ url: string; close(): Promise<void> }>;
  };
  const server = await startLocalS3({
    port: 0,
    directory,
    credentials,
    onObjectWrite: (_bucket: string, key: string) => writes.set(key, (writes.get(key) ?? 0) + 1),
  });
  const { applyBucket } = (await import(pathToFileURL(`${repoRoot}infra/storage/apply-bucket.mjs`).href)) as {
    applyBucket(options: object): Promise<void>;
  };
  await applyBucket({ endpoint: server.url, forcePathStyle: true, bucket, ...credentials, log: () => undefined });
  return {
    url: server.url,
    writes,
    async close() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

export interface RunningService {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** A service's main.ts in its own process (as `npm run dev` runs it), ready when /health answers. */
export async function startService(service: 'gateway' | 'orders-snapshot', extra: Record<string, string>): Promise<RunningService> {
  const port = await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    NATS_URL: infra.natsUrl,
    NATS_NAMESPACE: namespace,
    DATABASE_URL: infra.databaseUrl,
    DATABASE_SCHEMA: `${service.replace(/-/g, '_')}_${namespace}`,
    REDIS_URL: infra.redisUrl,
    REDIS_PREFIX: `${namespace}:`,
    JWT_SECRET: jwtSecret,
    PORT: String(port),
    HTTP_PORT: String(port),
    ...extra,
  };
  const child = spawn(`${repoRoot}node_modules/.bin/tsx`, [`${repoRoot}services/${service}/src/main.ts`], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${service} exited during start`);
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > until) throw new Error(`${service} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    child,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** S3 env of the orders-snapshot service for the in-process store. */
export const storeEnv = (store: LocalStore) => ({
  R2_ENDPOINT_URL: store.url,
  R2_ACCESS_KEY_ID: credentials.accessKeyId,
  R2_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  R2_BUCKET_NAME: bucket,
  R2_FORCE_PATH_STYLE: 'true',
});

export const storeCredentials = credentials;

/** Drops the run's schemas and event stream. */
export async function cleanUp(): Promise<void> {
  const client = new pg.Client({ connectionString: infra.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE nspname LIKE $1', [`%\\_${namespace}`]);
    for (const row of rows) await client.query(`DROP SCHEMA IF EXISTS "${row.nspname}" CASCADE`);
  } finally {
    await client.end();
  }
  const nc = await connect({ servers: infra.natsUrl });
  await nc.request(`$JS.API.STREAM.DELETE.${eventStreamName(namespace)}`, '', { timeout: 2_000 }).catch(() => undefined);
  await nc.close();
}
