// Wallet benchmark: `pnpm exec tsx bench/wallet/run.ts` from the repository root.
// Starts its own gateway and wallet (child processes, in a throwaway namespace),
// then, BENCH_ROUNDS times (4), measures a raw `pg` transfer loop as the baseline
// and right after it wallet sends through the gateway and wallet.debit over NATS.
// It prints every round with its ratios to the same round's baseline (this
// machine's speed drifts by a quarter within minutes), the medians, and the CPU
// each transfer costs; it checks the ledger's invariants and removes everything it
// created. BENCH_SECONDS, BENCH_WARMUP_SECONDS, BENCH_USERS, BENCH_WALLET_POOL,
// BENCH_WALLET_CONCURRENCY tune it;
// BENCH_RUNTIME=bundle runs the built dist/start, BENCH_NODE_OPTIONS adds runtime flags (../lib/services.ts).
import { cpus, loadavg } from 'node:os';
import { connect } from '@nats-io/transport-node';
import { eventStreamName } from '@platform/contracts';
import { auditLedger } from '@platform/testkit/ledger-audit';
import pg from 'pg';
import { SamplingCpuMeter } from '../lib/cpu-sampler.js';
import { pidsNamed, withDescendants } from './cpu.js';
import { type BenchService, startBenchService } from '../lib/services.js';
import { infra, jwtSecret, namespace } from './environment.js';
import { cpuPerTransfer, median, printCpuTable, printTable, type ScenarioResult } from './measure.js';
import { openRawBaseline, RAW_APPLICATION_NAME, type RawBaseline } from './raw-baseline.js';
import { createFundedUsers, gatewaySends, natsDebits } from './scenarios.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const USERS = Number(process.env.BENCH_USERS ?? 100);
const CALLERS = 50;

const log = (message: string) => process.stderr.write(`[bench:wallet] ${message}\n`);

const services: BenchService[] = [];
let raw: RawBaseline | undefined;
const admin = new pg.Pool({ connectionString: infra.databaseUrl, max: 2 });
const nc = await connect({ servers: infra.natsUrl });

async function cleanUp(): Promise<void> {
  await Promise.all(services.map((s) => s.stop()));
  await raw?.close();
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
  const meter = new SamplingCpuMeter(groups);
  await meter.start();
  const result = await run();
  await drainOutbox();
  return { ...result, cpuMs: await meter.stop() };
}

try {
  log(`namespace ${namespace}; ${cpus().length} cores, load ${startLoad}; ${SECONDS} s per scenario`);
  const shared = { 'nats-server (shared)': pidsNamed('nats-server'), 'redis (shared)': pidsNamed('redis-server') };

  log('raw pg baseline (warm-up)');
  raw = await openRawBaseline({ accounts: USERS });
  await raw.measure('warm-up', WARMUP_SECONDS);
  const rawGroups = async () => ({ 'load generator': [process.pid], postgres: await backendsOf(RAW_APPLICATION_NAME) });

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

  log('warm-ups');
  // Every variant warms up first, so the first measured round does not pay for JIT and cold caches.
  await gatewaySends('warm-up', { gatewayUrl, users, connections: CALLERS, seconds: WARMUP_SECONDS, idempotencyKeys: false });
  await gatewaySends('warm-up', { gatewayUrl, users, connections: CALLERS, seconds: WARMUP_SECONDS, idempotencyKeys: true });
  await natsDebits('warm-up', { nc, users, callers: CALLERS, seconds: WARMUP_SECONDS });

  const KEYED = 'wallet send through the gateway, with Idempotency-Key (50 connections)';
  const rows: { round: number; result: ScenarioResult; baseline: ScenarioResult }[] = [];
  const RAW = 'raw `pg` transfer (FOR UPDATE, pool 10, 50 callers)';
  const scenarios: [string, () => Promise<ScenarioResult>][] = [
    [RAW, () => raw!.measure(RAW, SECONDS, new SamplingCpuMeter(rawGroups))],
    [KEYED, () => metered(servicesGroups, () => gatewaySends(KEYED, { gatewayUrl, users, connections: CALLERS, seconds: SECONDS, idempotencyKeys: true }))],
    [
      'no key',
      () =>
        metered(servicesGroups, () =>
          gatewaySends('wallet send through the gateway, no key (50 connections)', {
            gatewayUrl,
            users,
            connections: CALLERS,
            seconds: SECONDS,
            idempotencyKeys: false,
          }),
        ),
    ],
    ['debit', () => metered(servicesGroups, () => natsDebits('wallet.debit over NATS (50 callers)', { nc, users, callers: CALLERS, seconds: SECONDS }))],
  ];
  for (let round = 1; round <= ROUNDS; round++) {
    // Each round starts one scenario later, and every other round runs backwards: a scenario pays for the
    // leftovers of the one before it (autovacuum of the rows it churned), and should not always follow the same one.
    const rotated = scenarios.map((_, i) => scenarios[(i + round - 1) % scenarios.length]);
    const order = round % 2 === 0 ? rotated.reverse() : rotated;
    log(`round ${round} of ${ROUNDS}: ${order.map(([name]) => name.split(' (')[0]).join(', ')}`);
    const measured = new Map<string, ScenarioResult>();
    for (const [name, run] of order) {
      await drainOutbox();
      measured.set(name, await run());
    }
    const baseline = measured.get(RAW)!;
    for (const [name] of scenarios) rows.push({ round, result: measured.get(name)!, baseline });
  }

  log('checking the ledger');
  const pending = await drainOutbox();
  const audit = await auditLedger(admin, namespace);

  console.log(`\nWallet benchmark, ${new Date().toISOString()}, node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'})`);
  console.log(
    `${SECONDS} s per scenario after ${WARMUP_SECONDS} s of warm-up; ${USERS} accounts; everything (PostgreSQL, NATS, Redis, gateway, wallet, load) on this machine.`,
  );
  console.log(`Load average at the start ${startLoad}, at the end ${loadNow()}: other work on the machine slows every row.\n`);
  console.log(printTable(rows));
  const keyedRows = rows.filter((row) => row.result.name === KEYED);
  const ratio = median(keyedRows.map((row) => row.result.perSecond / row.baseline.perSecond));
  const cpu = median(keyedRows.map((row) => cpuPerTransfer(row.result)));
  console.log(
    `\nTargets (issue #18 §6), medians of ${ROUNDS} rounds: keyed sends >= 0.8x the same round's raw baseline: ${ratio.toFixed(2)}x ${ratio >= 0.8 ? 'MET' : 'MISSED'}; ` +
      `CPU per keyed send, every process counted, <= 1.3 ms: ${cpu.toFixed(2)} ms ${cpu <= 1.3 ? 'MET' : 'MISSED'}`,
  );
  // The 1.3 ms is absolute, and this machine's speed drifts by a third between hours: the same CPU against the
  // raw loop's own CPU per transfer (every process of it, load generator included) in the same round reads through that.
  const cpuRatio = median(keyedRows.map((row) => cpuPerTransfer(row.result) / cpuPerTransfer(row.baseline)));
  console.log(`For the machine's speed: CPU per keyed send / the raw loop's CPU per transfer, same round, median: ${cpuRatio.toFixed(2)}x`);
  console.log(
    '\nCPU milliseconds per successful transfer, by process, until its events are published (PostgreSQL: the backends serving the pool; shared: also serving other work):\n',
  );
  console.log(
    printCpuTable(
      rows.map((row) => ({ ...row.result, round: row.round })),
      cpus().length,
    ),
  );
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
