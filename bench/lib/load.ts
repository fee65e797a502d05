import autocannon from 'autocannon';

export interface LoadResult {
  name: string;
  requestsPerSecond: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

/** Runs autocannon against one URL and keeps the figures the tables print. */
export async function load(name: string, options: autocannon.Options): Promise<LoadResult> {
  const result = await autocannon({ connections: 50, duration: Number(process.env.BENCH_DURATION ?? 10), ...options });
  return {
    name,
    requestsPerSecond: Math.round(result.requests.average),
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** Prints results with their ratio to the baseline measured in the same run. */
export function printTable(title: string, baseline: LoadResult, results: LoadResult[]): void {
  console.log(`\n${title}`);
  console.log('| scenario | req/s | p99 ms | errors | non-2xx | × baseline |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of [baseline, ...results]) {
    const ratio = (r.requestsPerSecond / baseline.requestsPerSecond).toFixed(2);
    console.log(`| ${r.name} | ${r.requestsPerSecond} | ${r.p99Ms} | ${r.errors} | ${r.non2xx} | ${ratio} |`);
  }
}
