import type { PhaseResult } from './phases.js';

const count = (r: PhaseResult, test: (status: number) => boolean) =>
  Object.entries(r.byStatus)
    .filter(([status]) => test(Number(status)))
    .reduce((sum, [, n]) => sum + n, 0);

/** One row per phase: rate of successes, of all final answers (a drop's 409s included), latency of successes, refusals by kind, and the phase's baseline from the same run. */
export function phaseTable(rows: PhaseResult[], baselines: Record<string, string>): string {
  const lines = [
    '| phase | successes/s | answered/s | p50 ms | p99 ms | 2xx | 409 | 429 | 5xx (final) | 503/504 retried | other | seconds | same-run baseline |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of rows) {
    const s409 = count(r, (s) => s === 409);
    const s429 = count(r, (s) => s === 429);
    const s5xx = count(r, (s) => s >= 500);
    const other = r.attempts - r.ok - s409 - s429 - s5xx;
    lines.push(
      `| ${r.name} | ${r.perSecond.toFixed(1)} | ${(r.attempts / r.seconds).toFixed(1)} | ${r.p50Ms} | ${r.p99Ms} | ${r.ok} | ${s409} | ${s429} | ${s5xx} | ${r.retries ?? ''} | ${other} | ${r.seconds.toFixed(1)} | ${baselines[r.name] ?? ''} |`,
    );
  }
  return lines.join('\n');
}

const isShared = (group: string) => group.includes('shared');

/** CPU per success by process group, and what it allows on idle cores. */
export function cpuTable(rows: PhaseResult[], cores: number): string {
  const metered = rows.filter((r) => r.cpuMs);
  const groups = [...new Set(metered.flatMap((r) => Object.keys(r.cpuMs ?? {})))];
  const per = (r: PhaseResult, g: string) => (r.cpuMs?.[g] ?? 0) / Math.max(1, r.ok);
  const lines = [
    `| phase | ${groups.join(' | ')} | own total | with shared | ceiling on ${cores} idle cores (own) |`,
    `|---|${groups.map(() => '---:').join('|')}|---:|---:|---:|`,
  ];
  for (const r of metered) {
    const own = groups.filter((g) => !isShared(g)).reduce((sum, g) => sum + per(r, g), 0);
    const all = groups.reduce((sum, g) => sum + per(r, g), 0);
    lines.push(
      `| ${r.name} | ${groups.map((g) => per(r, g).toFixed(2)).join(' | ')} | ${own.toFixed(2)} | ${all.toFixed(2)} | ${Math.round((cores * 1000) / Math.max(own, 0.001))}/s |`,
    );
  }
  return lines.join('\n');
}
