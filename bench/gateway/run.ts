// bench/gateway: req/s and p99 of a bare Fastify route, a bare
// Fastify -> NATS -> responder pipeline (the baseline), and the real
// authenticated gateway route -> NATS -> service-kit operation. 50 connections,
// BENCH_DURATION seconds each (default 10). Target: real path >= 0.7x baseline.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { type LoadResult, load, printTable } from '../lib/load.js';
import { startBenchProcess, stopAll } from '../lib/processes.js';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const namespace = `bench${randomBytes(3).toString('hex')}`;
const env = {
  NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/platform',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  NATS_NAMESPACE: namespace,
  DATABASE_SCHEMA: `gateway_${namespace}`,
  REDIS_PREFIX: `${namespace}:`,
  JWT_SECRET: randomBytes(32).toString('hex'),
  RATE_LIMIT_MAX: '100000000',
  LOG_LEVEL: 'warn',
};

const results: LoadResult[] = [];
const children = [];
try {
  children.push(await startBenchProcess(here('./hello.ts'), { PORT: '4101' }));
  const hello = await load('Fastify hello-world', { url: 'http://127.0.0.1:4101/' });

  const subject = `bench.bare.${namespace}`;
  children.push(await startBenchProcess(here('./bare-pipeline.ts'), { ...env, ROLE: 'responder', SUBJECT: subject }));
  children.push(await startBenchProcess(here('./bare-pipeline.ts'), { ...env, PORT: '4102', SUBJECT: subject }));
  const baseline = await load('bare Fastify -> NATS -> responder (baseline)', { url: 'http://127.0.0.1:4102/' });

  children.push(await startBenchProcess(here('./probe-service.ts'), env));
  children.push(await startBenchProcess(here('./gateway-with-probe.ts'), { ...env, PORT: '4103' }));
  const email = `bench-${namespace}@example.com`;
  const registered = await fetch('http://127.0.0.1:4103/api/auth/register', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'bench-password', name: 'Bench', clubId: 'psg' }),
  });
  const { token } = (await registered.json()) as { token: string };
  const real = await load('gateway: JWT + rate limit + validation -> NATS -> kit service', {
    url: 'http://127.0.0.1:4103/api/bench/ping',
    headers: { authorization: `Bearer ${token}` },
  });
  results.push(real, hello);
  printTable(`bench/gateway (${process.env.BENCH_DURATION ?? 10}s each, 50 connections)`, baseline, results);
  const ratio = real.requestsPerSecond / baseline.requestsPerSecond;
  console.log(`\nreal path / baseline = ${ratio.toFixed(2)} (target >= 0.70): ${ratio >= 0.7 ? 'met' : 'NOT met'}`);
} finally {
  await stopAll(children);
  const pg = await import('pg');
  const client = new pg.default.Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "gateway_${namespace}" CASCADE`);
  await client.end();
}
