import { type RunningProcess, serviceEntry, serviceEnv, startProcess } from '@platform/testkit';

export type BenchService = RunningProcess & { name: string };

/**
 * Starts one service for a benchmark as the tests do (testkit's startProcess:
 * its own process, ready when /health answers), in the run's namespace.
 * BENCH_RUNTIME=bundle runs what production runs, dist/start (build first:
 * pnpm turbo run build --filter './services/*'); BENCH_NODE_OPTIONS adds node
 * flags (e.g. --max-semi-space-size=2); BENCH_PROFILE=<dir> writes a V8 CPU
 * profile of the service there (source runtime: node refuses --cpu-prof in
 * NODE_OPTIONS, so it goes on tsx's command line). The flags go through
 * NODE_OPTIONS, which reaches node whether tsx or the start script launches it.
 */
export async function startBenchService(service: string, namespace: string, extra: Record<string, string> = {}): Promise<BenchService> {
  // --cpu-prof is refused in NODE_OPTIONS: it goes on the command line (source or plain .js runtime only).
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const nodeOptions = process.env.BENCH_NODE_OPTIONS ?? '';
  // The tests' smaller pool (5) would make the service, not the code, the bottleneck: production's default.
  const env = serviceEnv(service, namespace, { DATABASE_POOL_SIZE: '10', ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}), ...extra });
  const entry = serviceEntry(service, process.env.BENCH_RUNTIME === 'bundle' ? 'bundle' : 'source');
  return { name: service, ...(await startProcess(entry, env, { timeoutMs: 60_000, nodeArgs: profile })) };
}
