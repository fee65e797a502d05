// bench/gateway: our authenticated, validated GET -> NATS -> service against the
// same path built on Moleculer (moleculer-web + NATS transporter) and on NestJS
// (Fastify adapter + microservices over NATS), in the same run (issue #18 §5).
// The route is GET /api/wallet/balance: a JWT check, the contract's validation,
// a NATS request, one indexed read in the wallet's schema, the contract's output.
// Ours is the real gateway and the real wallet, started as the tests start them
// (bench/lib/services.ts; BENCH_RUNTIME=bundle runs dist/start); the peers share
// the same JWT library, zod schemas and SQL (peers/common.ts). 50 connections,
// BENCH_DURATION seconds each (default 10), BENCH_ROUNDS rounds (default 2,
// alternating, so a burst of other work on the machine hits every contender).
// Target: ours >= 1.5x the faster peer's req/s at no worse p99.
import { fileURLToPath } from 'node:url';
import { cpus, loadavg } from 'node:os';
import { infra, schemaFor, TEST_JWT_SECRET, uniqueNamespace } from '@platform/testkit';
import pg from 'pg';
import { type LoadResult, load } from '../lib/load.js';
import { startBenchProcess, stopAll } from '../lib/processes.js';
import { type BenchService, startBenchService } from '../lib/services.js';
import { SamplingCpuMeter } from '../lib/cpu-sampler.js';
import { pidsNamed, withDescendants } from '../wallet/cpu.js';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const namespace = uniqueNamespace('benchg');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const walletUrl = `${infra.databaseUrl}${infra.databaseUrl.includes('?') ? '&' : '?'}application_name=wallet-${namespace}`;
const admin = new pg.Pool({ connectionString: infra.databaseUrl, max: 2 });
const backends = async (name: string) =>
  (await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [name])).rows.map((r) => r.pid);
const log = (message: string) => process.stderr.write(`[bench:gateway] ${message}\n`);

interface Contender {
  name: string;
  url: string;
  groups: () => Promise<Record<string, number[]>>;
}
type Row = LoadResult & { cpuMsPerRequest: Record<string, number> };

const services: BenchService[] = [];
const children: Awaited<ReturnType<typeof startBenchProcess>>[] = [];
try {
  const startLoad = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  log(`namespace ${namespace}, load ${startLoad}`);
  services.push(
    await startBenchService('gateway', namespace, {
      NODE_ENV: 'development',
      JWT_SECRET: TEST_JWT_SECRET,
      RATE_LIMIT_MAX: '1000000000',
      RATE_LIMIT_IP_MAX: '1000000000',
      ACCESS_TOKEN_TTL_SECONDS: '3600',
    }),
    await startBenchService('wallet', namespace, { NODE_ENV: 'development', DATABASE_URL: walletUrl }),
  );
  const [gateway, wallet] = services;
  const peerEnv = {
    JWT_SECRET: TEST_JWT_SECRET,
    NATS_URL: infra.natsUrl,
    NATS_NAMESPACE: namespace,
    DATABASE_URL: infra.databaseUrl,
    WALLET_SCHEMA: schemaFor('wallet', namespace),
    TSX_TSCONFIG_PATH: here('../tsconfig.json'),
  };
  const peer = async (entry: string, port: number) => {
    const service = await startBenchProcess(here(entry), { ...peerEnv, ROLE: 'service' });
    const edge = await startBenchProcess(here(entry), { ...peerEnv, ROLE: 'gateway', PORT: String(port) });
    children.push(service, edge);
    return { edge: withDescendants(edge.pid!), service: withDescendants(service.pid!) };
  };
  log('starting the peers');
  const moleculer = await peer('./peers/moleculer.ts', 4111);
  const nest = await peer('./peers/nest.ts', 4112);
  children.push(await startBenchProcess(here('./hello.ts'), { PORT: '4101' }));

  const registered = await fetch(`${gateway.url}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `bench-${namespace}@example.com`, password: 'bench-password', name: 'Bench', clubId: 'psg' }),
  });
  const { token } = (await registered.json()) as { token: string };
  await fetch(`${gateway.url}/api/wallet/deposit`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ amount: '12.34' }),
  });

  const shared = { 'nats-server (shared)': pidsNamed('nats-server'), 'redis (shared)': pidsNamed('redis-server') };
  const [gatewayPids, walletPids] = [gateway, wallet].map((s) => withDescendants(s.child.pid!));
  const contenders: Contender[] = [
    {
      name: 'ours: gateway (JWT, rate limit, zod) -> NATS -> wallet (zod, pg read)',
      url: `${gateway.url}/api/wallet/balance`,
      groups: async () => ({ 'HTTP edge': gatewayPids, service: walletPids, postgres: await backends(`wallet-${namespace}`), ...shared }),
    },
    {
      name: 'Moleculer 0.15: moleculer-web (JWT, zod) -> NATS transporter -> action (zod, pg read)',
      url: 'http://127.0.0.1:4111/api/wallet/balance',
      groups: async () => ({ 'HTTP edge': moleculer.edge, service: moleculer.service, postgres: await backends('bench-peer'), ...shared }),
    },
    {
      name: 'NestJS 12: Fastify adapter (guard JWT, zod) -> ClientProxy NATS -> @MessagePattern (zod, pg read)',
      url: 'http://127.0.0.1:4112/api/wallet/balance',
      groups: async () => ({ 'HTTP edge': nest.edge, service: nest.service, postgres: await backends('bench-peer'), ...shared }),
    },
  ];
  for (const c of contenders) {
    const probe = await fetch(c.url, { headers: { authorization: `Bearer ${token}` } });
    const body = await probe.text();
    if (!probe.ok || !body.includes('1234')) throw new Error(`${c.name}: ${probe.status} ${body}`);
    // An unsigned request must be refused by every contender: the JWT check is really there.
    const anonymous = await fetch(c.url);
    if (anonymous.status !== 401 && anonymous.status !== 403) throw new Error(`${c.name} answered ${anonymous.status} without a token`);
  }
  log('warm-up');
  for (const c of contenders) await load(c.name, { url: c.url, headers: { authorization: `Bearer ${token}` }, duration: 3 });

  const rounds: Row[][] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const rows: Row[] = [];
    for (const c of contenders) {
      log(`round ${round}: ${c.name}`);
      // Sampled per process: a peer's pool opens PostgreSQL backends during its round (the other's close).
      const meter = new SamplingCpuMeter(c.groups);
      await meter.start();
      const result = await load(c.name, { url: c.url, headers: { authorization: `Bearer ${token}` } });
      const cpu = await meter.stop();
      const requests = Math.max(1, result.requestsPerSecond * Number(process.env.BENCH_DURATION ?? 10));
      rows.push({ ...result, cpuMsPerRequest: Object.fromEntries(Object.entries(cpu).map(([g, ms]) => [g, ms / requests])) });
    }
    rounds.push(rows);
  }
  const hello = await load("Fastify hello-world (the machine's HTTP ceiling)", { url: 'http://127.0.0.1:4101/' });

  console.log(
    `\nbench/gateway, ${new Date().toISOString()}, node ${process.version}, ${cpus().length} cores; load average ${startLoad} at the start, ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} at the end`,
  );
  console.log(
    `${process.env.BENCH_DURATION ?? 10} s per contender per round, 50 connections, runtime ${process.env.BENCH_RUNTIME ?? 'source (tsx)'} for ours, tsx for the peers.\n`,
  );
  const groups = ['HTTP edge', 'service', 'postgres', 'nats-server (shared)', 'redis (shared)'];
  console.log(
    `| round | contender | req/s | p99 ms | errors | non-2xx | × faster peer | p99 vs faster peer's | ${groups.map((g) => `CPU ms/req ${g}`).join(' | ')} | CPU ms/req own total |`,
  );
  console.log(`|---:|---|---:|---:|---:|---:|---:|---:|${groups.map(() => '---:').join('|')}|---:|`);
  const verdicts: string[] = [];
  rounds.forEach((rows, i) => {
    const fasterPeer = rows.slice(1).reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a));
    for (const r of rows) {
      const own = ['HTTP edge', 'service', 'postgres'].reduce((sum, g) => sum + (r.cpuMsPerRequest[g] ?? 0), 0);
      console.log(
        `| ${i + 1} | ${r.name} | ${r.requestsPerSecond} | ${r.p99Ms} | ${r.errors} | ${r.non2xx} | ${(r.requestsPerSecond / fasterPeer.requestsPerSecond).toFixed(2)} | ${r.p99Ms <= fasterPeer.p99Ms ? 'no worse' : 'worse'} | ${groups.map((g) => (r.cpuMsPerRequest[g] ?? 0).toFixed(3)).join(' | ')} | ${own.toFixed(3)} |`,
      );
    }
    const ours = rows[0];
    const ratio = ours.requestsPerSecond / fasterPeer.requestsPerSecond;
    verdicts.push(
      `round ${i + 1}: ${ratio.toFixed(2)}x the faster peer (${fasterPeer.name.split(':')[0]}), p99 ${ours.p99Ms} vs ${fasterPeer.p99Ms} ms: ${ratio >= 1.5 && ours.p99Ms <= fasterPeer.p99Ms ? 'MET' : 'NOT met'}`,
    );
  });
  console.log(`| | ${hello.name} | ${hello.requestsPerSecond} | ${hello.p99Ms} | ${hello.errors} | ${hello.non2xx} | | | | | | | | |`);
  console.log(`\nTarget >= 1.5x the faster peer at no worse p99:\n${verdicts.join('\n')}`);
} finally {
  await stopAll(children);
  await Promise.all(services.map((s) => s.stop()));
  for (const service of ['gateway', 'wallet']) await admin.query(`DROP SCHEMA IF EXISTS "${schemaFor(service, namespace)}" CASCADE`).catch(() => undefined);
  await admin.end();
}
