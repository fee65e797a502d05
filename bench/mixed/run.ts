// bench/mixed: the mixed load profile (issue #10). `pnpm --filter @platform/bench mixed`
// (or `pnpm exec tsx bench/mixed/run.ts` from the repository root).
//
// Starts the whole platform (12 services, child processes, a throwaway namespace on the
// shared infrastructure), measures its cold start, each service's CPU and RSS at rest,
// then runs the mixed workload of the faults suite (wallet sends, ticket purchases,
// bookings, orders-snapshot posts) through the gateway for BENCH_SECONDS (60), and
// prints per-route throughput and p99, CPU and RSS per service under load and at rest
// again after it, errors against intended 4xx, the invariants afterwards, and every
// figure against its target. "At rest" waits BENCH_SETTLE_SECONDS (25) first (at-rest.ts).
//
// BENCH_RUNTIME=bundle measures what production runs (node services/<name>/dist/main.js;
// build first: pnpm turbo run build --filter './services/*'); the default runs the
// TypeScript through tsx, as npm start and the tests do.
import { loadavg } from 'node:os';
import { checkInvariants } from '@platform/testkit/invariants';
import { markdownTable } from '@platform/testkit/markdown-table';
import { MixedWorkload } from '@platform/testkit/mixed-workload';
import { startPlatform, type TestPlatform } from '@platform/testkit/platform';
import { infra, uniqueNamespace } from '@platform/testkit/infra';
import { type AtRest, measureAtRest, REST_SECONDS, SETTLE_SECONDS } from './at-rest.js';
import { type ServiceSample, ServiceMeter } from './service-meter.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const RUNTIME = process.env.BENCH_RUNTIME === 'bundle' ? 'bundle' : 'tsx';
const TARGETS = { idleRssMb: 90, coldStartSeconds: 30, errors: 0 };

const log = (message: string) => process.stderr.write(`[bench:mixed] ${message}\n`);
const loadNow = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const verdict = (ok: boolean) => (ok ? 'met' : '**not met**');

if (RUNTIME === 'bundle') process.env.PLATFORM_SERVICE_RUNTIME = 'bundle';
const namespace = uniqueNamespace('benchmix');
let platform: TestPlatform | undefined;
let workload: MixedWorkload | undefined;

try {
  log(
    `namespace ${namespace}; runtime ${RUNTIME}${process.env.BENCH_NODE_OPTIONS ? ` ${process.env.BENCH_NODE_OPTIONS}` : ''}; load average ${loadNow()}; ${SECONDS} s of load`,
  );
  const spawnedAt = Date.now();
  // BENCH_NODE_OPTIONS: runtime flags for every service (e.g. --max-semi-space-size=2), to see what they do to memory.
  const env = process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : undefined;
  platform = await startPlatform(namespace, {
    env,
    serviceEnv: {
      gateway: { RATE_LIMIT_ROUTE_FACTOR: '10000' },
      // Production seeds demo data with a one-shot job (docker-compose's `seed`), not in the service process.
      'template-export': { SEED_DEMO_DATA: 'false' },
    },
  });
  const everyHealthMs = Date.now() - spawnedAt;
  for (;;) {
    const health = await platform.api.get('/api/health');
    if (health.body?.status === 'ok') break;
    await sleep(100);
  }
  const platformOkMs = Date.now() - spawnedAt;
  log(`cold start: every /health in ${(everyHealthMs / 1000).toFixed(1)} s, /api/health ok in ${(platformOkMs / 1000).toFixed(1)} s`);

  log(`at rest: ${SETTLE_SECONDS} s to settle, then ${REST_SECONDS} s`);
  const rest = await measureAtRest(platform);
  const meter = new ServiceMeter(platform.instances);

  log('preparing users, ticket events');
  // Enough slots, seats and snapshot events that the load keeps succeeding as well as racing for the last ones.
  workload = await MixedWorkload.prepare(platform.api, namespace, { users: 40, ticketCapacities: [50, 50, 5000], bookingServices: 10, snapshotEvents: 8 });
  const shape = { loops: { 'wallet.send': 8, 'tickets.purchase': 4, 'bookings.create': 2, 'orders.snapshot': 4 } } as const;
  log(`mixed load for ${SECONDS} s (${JSON.stringify(shape.loops)} concurrent loops, closed loop)`);
  const loadFrom = Date.now();
  const busy = await meter.measure(async () => {
    workload!.start(shape);
    await sleep(SECONDS * 1000);
    await workload!.stop();
  });
  const loadTo = Date.now();
  const records = workload.recorder.within(loadFrom, loadTo + 1);
  const routes = workload.recorder.summarize(records, loadTo - loadFrom);
  log(`at rest after the load: ${SETTLE_SECONDS} s to settle, then ${REST_SECONDS} s`);
  const restAfter = await measureAtRest(platform);

  log('checking invariants');
  await workload.flushSnapshots();
  const invariants = await checkInvariants({
    namespace,
    databaseUrl: infra.databaseUrl,
    natsUrl: infra.natsUrl,
    bucket: platform.bucket,
    depositedMinor: workload.depositedMinor,
    acceptedOrders: workload.acceptedOrders,
  });

  const errors = routes.reduce((sum, r) => sum + r.errors, 0);
  const refused = routes.reduce((sum, r) => sum + r.refused, 0);
  const total = routes.reduce((sum, r) => sum + r.requests, 0);
  console.log(`\n## Mixed load profile (${RUNTIME}${env ? ` ${env.NODE_OPTIONS}` : ''}, ${SECONDS} s, load average at the end ${loadNow()})\n`);
  console.log(
    markdownTable(
      ['route', 'requests', '2xx', 'intended 4xx', 'errors', 'req/s', 'p50 ms', 'p99 ms'],
      [
        ...routes.map((r) => [r.route, r.requests, r.ok, r.refused, r.errors, r.perSecond, r.p50Ms, r.p99Ms]),
        ['**all**', total, total - refused - errors, refused, errors, Math.round((total / ((loadTo - loadFrom) / 1000)) * 10) / 10, '', ''],
      ],
      [1, 2, 3, 4, 5, 6, 7],
    ),
  );
  if (errors) console.log(`\nunexpected answers: ${JSON.stringify(Object.fromEntries(workload.recorder.errorSamples)).slice(0, 2000)}`);
  console.log('\nPer service (the node process that runs it; CPU in % of one core)\n');
  console.log(serviceTable(rest, busy, restAfter));
  const idleRss = Math.max(...rest.samples.map((s) => s.rssBytes));
  const idleRssAfter = Math.max(...restAfter.samples.map((s) => s.rssBytes));
  console.log(
    `\n${markdownTable(
      ['figure', 'measured', 'target', ''],
      [
        [
          'cold start (spawn → every /health)',
          `${(everyHealthMs / 1000).toFixed(1)} s`,
          `≤ ${TARGETS.coldStartSeconds} s`,
          verdict(everyHealthMs <= TARGETS.coldStartSeconds * 1000),
        ],
        ['cold start (spawn → /api/health ok)', `${(platformOkMs / 1000).toFixed(1)} s`, '', ''],
        ['largest idle RSS', `${mb(idleRss)} MB`, `≤ ${TARGETS.idleRssMb} MB each`, verdict(mb(idleRss) <= TARGETS.idleRssMb)],
        ['largest RSS at rest after the load', `${mb(idleRssAfter)} MB`, '', ''],
        ['errors other than intended 4xx', String(errors), '0', verdict(errors === TARGETS.errors)],
        ...invariants.map((i) => [i.name, i.detail, 'holds', verdict(i.holds)]),
      ],
    )}`,
  );
} finally {
  await workload?.stop();
  await platform?.stop();
}

function serviceTable(rest: AtRest, busy: ServiceSample[], restAfter: AtRest): string {
  return markdownTable(
    [
      'instance',
      'idle RSS MB',
      'of which private',
      'heap used / total MB',
      'external MB',
      'idle CPU %',
      'load RSS MB (peak)',
      'load CPU %',
      'RSS at rest after load MB',
      `idle RSS ≤ ${TARGETS.idleRssMb} MB`,
    ],
    rest.samples.map((idle) => {
      const underLoad = busy.find((s) => s.name === idle.name);
      const after = restAfter.samples.find((s) => s.name === idle.name);
      const heap = rest.memory.get(idle.name);
      return [
        idle.name,
        mb(idle.rssBytes),
        mb(idle.privateBytes),
        heap ? `${mb(heap.heapUsedBytes)} / ${mb(heap.heapTotalBytes)}` : '',
        heap ? mb(heap.externalBytes) : '',
        idle.cpuPercent.toFixed(1),
        underLoad ? mb(underLoad.peakRssBytes) : '',
        underLoad ? underLoad.cpuPercent.toFixed(1) : '',
        after ? mb(after.rssBytes) : '',
        mb(idle.rssBytes) <= TARGETS.idleRssMb ? 'yes' : '**no**',
      ];
    }),
    [1, 2, 3, 4, 5, 6, 7, 8],
  );
}
