// bench/mixed/idle.ts: only the at-rest half of bench/mixed, for iterating on memory.
// `pnpm exec tsx bench/mixed/idle.ts [service ...]` (default: all twelve).
//
// Starts the services (bundled, as production runs them; build first:
// pnpm turbo run build --filter './services/*'), lets them settle, and prints
// each one's RSS, private memory and V8 heap at rest. BENCH_RUNTIME=tsx runs
// the TypeScript instead; BENCH_NODE_OPTIONS adds runtime flags to every
// service; BENCH_SETTLE_SECONDS (60) and BENCH_REST_SECONDS (10) set the wait
// and the window (at-rest.ts).
import { serviceNames } from '@platform/contracts';
import { markdownTable } from '@platform/testkit/markdown-table';
import { type ServiceName, startPlatform } from '@platform/testkit/platform';
import { uniqueNamespace } from '@platform/testkit/infra';
import { measureAtRest, REST_SECONDS, SETTLE_SECONDS } from './at-rest.js';

const IDLE_RSS_TARGET_MB = 90;
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

const asked = process.argv.slice(2) as ServiceName[];
const unknown = asked.filter((name) => !serviceNames.includes(name));
if (unknown.length) throw new Error(`unknown service(s): ${unknown.join(', ')}`);
if (process.env.BENCH_RUNTIME !== 'tsx') process.env.PLATFORM_SERVICE_RUNTIME = 'bundle';

const platform = await startPlatform(uniqueNamespace('benchidle'), {
  only: asked.length ? asked : undefined,
  env: process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : undefined,
  // As bench/mixed: production seeds demo data with a one-shot job, not in the service process.
  serviceEnv: { 'template-export': { SEED_DEMO_DATA: 'false' } },
});
try {
  const { samples, memory } = await measureAtRest(platform);
  const rows = samples.map((s) => {
    const heap = memory.get(s.name)!;
    return [
      s.name,
      mb(s.rssBytes),
      mb(s.privateBytes),
      `${mb(heap.heapUsedBytes)} / ${mb(heap.heapTotalBytes)}`,
      mb(heap.externalBytes),
      mb(s.rssBytes) <= IDLE_RSS_TARGET_MB ? 'yes' : '**no**',
    ];
  });
  const runtime = `${process.env.PLATFORM_SERVICE_RUNTIME === 'bundle' ? 'bundle' : 'tsx'}${process.env.BENCH_NODE_OPTIONS ? ` ${process.env.BENCH_NODE_OPTIONS}` : ''}`;
  console.log(`\n## Memory at rest (${runtime}; ${SETTLE_SECONDS} s to settle, then ${REST_SECONDS} s)\n`);
  console.log(
    markdownTable(['service', 'idle RSS MB', 'of which private', 'heap used / total MB', 'external MB', `≤ ${IDLE_RSS_TARGET_MB} MB`], rows, [1, 2, 3, 4]),
  );
} finally {
  await platform.stop();
}
