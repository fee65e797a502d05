import { randomBytes } from 'node:crypto';
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The infrastructure the platform runs on; the same variables as npm start. */
export const infra = {
  databaseUrl: process.env.DATABASE_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/platform',
  natsUrl: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
};

/** One namespace per run: its own schemas, NATS subjects and stream, so a run never touches real data. */
export const namespace = `benchw${randomBytes(4).toString('hex')}`;
export const jwtSecret = randomBytes(48).toString('base64url');

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

function serviceEnv(service: string, extra: Record<string, string>): Record<string, string> {
  return {
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    NATS_URL: infra.natsUrl,
    NATS_NAMESPACE: namespace,
    DATABASE_URL: infra.databaseUrl,
    DATABASE_SCHEMA: `${service}_${namespace}`,
    REDIS_URL: infra.redisUrl,
    REDIS_PREFIX: `${namespace}:`,
    ...extra,
  };
}

export interface RunningService {
  name: string;
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts a service in its own process and waits for /health: its main.ts through
 * tsx (as the tests do), or with BENCH_RUNTIME=bundle the dist/start production
 * runs (build first: pnpm turbo run build --filter './services/*').
 * BENCH_NODE_OPTIONS adds runtime flags (e.g. --max-semi-space-size=2) to both.
 */
export async function startService(service: 'wallet' | 'gateway', extra: Record<string, string>): Promise<RunningService> {
  const port = await freePort();
  const env = serviceEnv(service, { ...extra, PORT: String(port), HTTP_PORT: String(port) });
  // BENCH_PROFILE=<dir> writes a V8 CPU profile of each service there, for finding where the time goes.
  const profile = process.env.BENCH_PROFILE ? `--cpu-prof --cpu-prof-dir=${process.env.BENCH_PROFILE}` : '';
  const [command, entry] =
    process.env.BENCH_RUNTIME === 'bundle'
      ? ['sh', `${repoRoot}services/${service}/dist/start`]
      : [`${repoRoot}node_modules/.bin/tsx`, `${repoRoot}services/${service}/src/main.ts`];
  // Through NODE_OPTIONS, which reaches node whether tsx or the bundle's start script launches it.
  const nodeOptions = [process.env.BENCH_NODE_OPTIONS, profile].filter(Boolean).join(' ');
  const child = spawn(command, [entry], {
    env: { PATH: process.env.PATH ?? '', ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}), ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${service} exited with code ${child.exitCode}`);
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${service} did not answer /health within 60 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    name: service,
    url,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
