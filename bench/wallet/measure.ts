/** One row of the results table. */
export interface ScenarioResult {
  name: string;
  /** Successful transfers per second over the measured window. */
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  ok: number;
  failed: number;
  /** CPU milliseconds used during the measured window, by process group (see cpu.ts). */
  cpuMs?: Record<string, number>;
}

/** Runs `callers` concurrent loops of `operation` for `seconds`, counting successes and latencies. */
export async function closedLoop(name: string, options: { callers: number; seconds: number }, operation: () => Promise<boolean>): Promise<ScenarioResult> {
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  const started = performance.now();
  const until = started + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.callers }, async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        const success = await operation().catch(() => false);
        latencies.push(performance.now() - t0);
        if (success) ok++;
        else failed++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0);
  return { name, perSecond: Math.round(ok / elapsed), p50Ms: pct(0.5), p99Ms: pct(0.99), ok, failed };
}

/** One row per scenario and round, each with its ratio to the raw baseline of the same round. */
export function printTable(rows: { round: number; result: ScenarioResult; baseline: ScenarioResult }[]): string {
  const lines = [
    '| round | scenario | transfers/s | p50 ms | p99 ms | ok | failed | × raw pg baseline (same round) |',
    '|---:|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      ({ round, result: r, baseline }) =>
        `| ${round} | ${r.name} | ${r.perSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.ok} | ${r.failed} | ${(r.perSecond / baseline.perSecond).toFixed(2)} |`,
    ),
  ];
  return lines.join('\n');
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Groups whose CPU is shared with other work on the machine: reported, but only an upper bound. */
export const isShared = (group: string) => group.includes('shared');

/**
 * CPU per transfer by process group, and what that means on an idle 2-core
 * machine: 2,000 ms of CPU per second divided by the CPU one transfer costs.
 */
/** CPU milliseconds per successful transfer over every process group, shared ones included. */
export const cpuPerTransfer = (r: ScenarioResult): number => Object.values(r.cpuMs ?? {}).reduce((sum, ms) => sum + ms, 0) / Math.max(1, r.ok);

export function printCpuTable(results: (ScenarioResult & { round?: number })[], cores: number): string {
  const groups = [...new Set(results.flatMap((r) => Object.keys(r.cpuMs ?? {})))];
  const perTransfer = (r: ScenarioResult, g: string) => (r.cpuMs?.[g] ?? 0) / Math.max(1, r.ok);
  const lines = [
    `| round | scenario | ${groups.join(' | ')} | own total | with shared | ceiling on ${cores} idle cores (own / with shared) |`,
    `|---:|---|${groups.map(() => '---:').join('|')}|---:|---:|---:|`,
  ];
  for (const r of results.filter((x) => x.cpuMs)) {
    const own = groups.filter((g) => !isShared(g)).reduce((sum, g) => sum + perTransfer(r, g), 0);
    const all = groups.reduce((sum, g) => sum + perTransfer(r, g), 0);
    const cells = groups.map((g) => (r.cpuMs?.[g] === undefined ? '' : perTransfer(r, g).toFixed(3)));
    lines.push(
      `| ${r.round ?? ''} | ${r.name} | ${cells.join(' | ')} | ${own.toFixed(3)} | ${all.toFixed(3)} | ${Math.round((cores * 1000) / own)} / ${Math.round((cores * 1000) / all)} |`,
    );
  }
  return lines.join('\n');
}
