// Wallet benchmark: `pnpm exec tsx bench/wallet/run.ts` from the repository root.
// Starts its own gateway and wallet (child processes, in a throwaway namespace),
// measures a raw `pg` transfer loop as the baseline, then wallet sends through the
// gateway and wallet.debit over NATS, prints the table with ratios and the CPU
// each transfer costs, checks the ledger's invariants and removes everything it
// created. BENCH_SECONDS, BENCH_WARMUP_SECONDS, BENCH_USERS, BENCH_WALLET_POOL tune it;
// BENCH_RUNTIME=bundle runs the built dist/start, BENCH_NODE_OPTIONS adds runtime flags (../lib/services.ts).
import { cpus, loadavg } from 'node:os';
import { connect } from '@nats-io/transport-node';
import { eventStreamName } from '@platform/contracts';
import { auditLedger } from '@platform/testkit/ledger-audit';
import pg from 'pg';
import { CpuMeter, pidsNamed, withDescendants } from './cpu.js';
import { type BenchService, startBenchService } from '../lib/services.js';
import { infra, jwtSecret, namespace } from './environment.js';
import { cpuPerTransfer, printCpuTable, printTable, type ScenarioResult } from './measure.js';
import { RAW_APPLICATION_NAME, rawPgBaseline } from './raw-baseline.js';
import { createFundedUsers, gatewaySends, natsDebits } from './scenarios.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const USERS = Number(process.env.BENCH_USERS ?? 100);
const CALLERS = 50;

const log = (message: string) => process.stderr.write(`[bench:wallet] ${message}\n`);

const services: BenchService[] = [];
const admin = new pg.Pool({ connectionString: infra.databaseUrl, max: 2 });
const nc = await connect({ servers: infra.natsUrl });

async function cleanUp(): Promise<void> {
  await Promise.all(services.map((s) => s.stop()));
  for (const schema of [`wallet_${namespace}`, `gateway_${namespace}`]) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
  await nc.request(`$JS.API.STREAM.DELETE.${eventStreamName(namespace)}`, '', { timeout: 5_000 }).catch(() => undefined);
  await nc.close();
  await admin.end();
}

/** PostgreSQL backends serving one application_name (the wallet's pool is named after the service). */
async function backendsOf(applicationName: string): Promise<number[]> {
  const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
  return rows.map((r) => r.pid);
}

const loadNow = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const startLoad = loadNow();

/** Waits until the outbox relay has published every event; returns how many are left if it did not in time. */
async function drainOutbox(timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pending = Number((await admin.query(`SELECT count(*) AS n FROM "wallet_${namespace}".outbox WHERE published_at IS NULL`)).rows[0].n);
    if (pending === 0 || Date.now() > deadline) return pending;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Runs a scenario with its processes' CPU metered. Each scenario starts with an
 * empty outbox, and its metering lasts until its own events are published: the
 * relay's work is the scenario's cost, not the next one's.
 */
async function metered(groups: () => Promise<Record<string, number[]>>, run: () => Promise<ScenarioResult>): Promise<ScenarioResult> {
  await drainOutbox();
  const meter = new CpuMeter(groups);
  await meter.start();
  const result = await run();
  await drainOutbox();
  return { ...result, cpuMs: await meter.stop() };
}

try {
  log(`namespace ${namespace}; ${cpus().length} cores, load ${startLoad}; ${SECONDS} s per scenario`);
  const results: ScenarioResult[] = [];
  const shared = { 'nats-server (shared)': pidsNamed('nats-server'), 'redis (shared)': pidsNamed('redis-server') };

  log('raw pg baseline');
  const baseline = await rawPgBaseline({
    accounts: USERS,
    seconds: SECONDS,
    warmupSeconds: WARMUP_SECONDS,
    meter: new CpuMeter(async () => ({ 'load generator': [process.pid], postgres: await backendsOf(RAW_APPLICATION_NAME) })),
  });
  results.push(baseline);

  log('starting gateway and wallet');
  services.push(
    await startBenchService('gateway', namespace, {
      NODE_ENV: 'development',
      JWT_SECRET: jwtSecret,
      RATE_LIMIT_MAX: '1000000000',
      RATE_LIMIT_IP_MAX: '1000000000',
      RATE_LIMIT_ROUTE_FACTOR: '1000000',
      ACCESS_TOKEN_TTL_SECONDS: '3600',
    }),
  );
  const gatewayUrl = services[0].url;
  // The same pool size as the baseline; a high ceiling so the bench can fund its users.
  services.push(
    await startBenchService('wallet', namespace, {
      NODE_ENV: 'development',
      DATABASE_POOL_SIZE: process.env.BENCH_WALLET_POOL ?? '10',
      ...(process.env.BENCH_WALLET_CONCURRENCY ? { WALLET_TRANSFER_CONCURRENCY: process.env.BENCH_WALLET_CONCURRENCY } : {}),
      WALLET_MAX_AMOUNT: '1000000.00',
    }),
  );
  const [gatewayPids, walletPids] = services.map((s) => withDescendants(s.child.pid!));
  const servicesGroups = async () => ({
    'load generator': [process.pid],
    gateway: gatewayPids,
    wallet: walletPids,
    postgres: await backendsOf('wallet'),
    ...shared,
  });

  log(`registering and funding ${USERS} users`);
  const users = await createFundedUsers(gatewayUrl, USERS, '1000000.00');

  log('gateway sends (warm-up)');
  // Both variants warm up first, so the first measured scenario does not pay for JIT and cold caches.
  await gatewaySends('warm-up', { gatewayUrl, users, connections: CALLERS, seconds: WARMUP_SECONDS, idempotencyKeys: false });
  await gatewaySends('warm-up', { gatewayUrl, users, connections: CALLERS, seconds: WARMUP_SECONDS, idempotencyKeys: true });
  log('gateway sends with Idempotency-Key');
  results.push(
    await metered(servicesGroups, () =>
      gatewaySends('wallet send through the gateway, with Idempotency-Key (50 connections)', {
        gatewayUrl,
        users,
        connections: CALLERS,
        seconds: SECONDS,
        idempotencyKeys: true,
      }),
    ),
  );
  log('gateway sends without key');
  results.push(
    await metered(servicesGroups, () =>
      gatewaySends('wallet send through the gateway, no key (50 connections)', {
        gatewayUrl,
        users,
        connections: CALLERS,
        seconds: SECONDS,
        idempotencyKeys: false,
      }),
    ),
  );
  log('wallet.debit over NATS');
  await natsDebits('warm-up', { nc, users, callers: CALLERS, seconds: WARMUP_SECONDS });
  results.push(await metered(servicesGroups, () => natsDebits('wallet.debit over NATS (50 callers)', { nc, users, callers: CALLERS, seconds: SECONDS })));

  log('checking the ledger');
  const pending = await drainOutbox();
  const audit = await auditLedger(admin, namespace);

  console.log(`\nWallet benchmark, ${new Date().toISOString()}, node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'})`);
  console.log(
    `${SECONDS} s per scenario after ${WARMUP_SECONDS} s of warm-up; ${USERS} accounts; everything (PostgreSQL, NATS, Redis, gateway, wallet, load) on this machine.`,
  );
  console.log(`Load average at the start ${startLoad}, at the end ${loadNow()}: other work on the machine slows every row.\n`);
  console.log(printTable(results, baseline));
  const keyed = results[1];
  const ratio = keyed.perSecond / baseline.perSecond;
  const cpu = cpuPerTransfer(keyed);
  console.log(
    `\nTargets (issue #18 §6): keyed sends >= 0.8x the raw baseline: ${ratio.toFixed(2)}x ${ratio >= 0.8 ? 'MET' : 'MISSED'}; ` +
      `CPU per keyed send, every process counted, <= 1.3 ms: ${cpu.toFixed(2)} ms ${cpu <= 1.3 ? 'MET' : 'MISSED'}`,
  );
  console.log(
    '\nCPU milliseconds per successful transfer, by process, until its events are published (PostgreSQL: the backends serving the pool; shared: also serving other work):\n',
  );
  console.log(printCpuTable(results, cpus().length));
  console.log(
    `\nLedger after the run: ${audit.transfers} transfers, total ${audit.total_minor} (must be 0), negative accounts ${audit.negative_accounts}, ` +
      `balances off their history ${audit.accounts_off_history}, unbalanced transfers ${audit.unbalanced_transfers}; events still in the outbox: ${pending}`,
  );
  const healthy = audit.total_minor === 0 && audit.negative_accounts === 0 && audit.accounts_off_history === 0 && audit.unbalanced_transfers === 0;
  process.exitCode = healthy ? 0 : 1;
} catch (error) {
  log(`failed: ${(error as Error).stack ?? error}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
