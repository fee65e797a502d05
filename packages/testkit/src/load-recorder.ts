/** The routes of the mixed workload (packages/testkit/src/mixed-workload.ts). */
export type MixedRoute = 'wallet.send' | 'tickets.purchase' | 'bookings.create' | 'orders.snapshot';

/**
 * ok: 2xx. refused: a 4xx the load provokes on purpose (no money left, sold
 * out, slot taken). error: anything else: 5xx, an unexpected 4xx, a 429, or
 * no answer at all (status 0).
 */
export type Outcome = 'ok' | 'refused' | 'error';

export interface LoadRecord {
  route: MixedRoute;
  startedAt: number;
  endedAt: number;
  status: number;
  outcome: Outcome;
  /** For an unexpected answer: the start of its body, to say what went wrong. */
  detail?: string;
}

export interface RouteSummary {
  route: MixedRoute;
  requests: number;
  ok: number;
  refused: number;
  errors: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

const SAMPLES_PER_STATUS = 3;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Every answer of a load run, with time windows to slice it by (a fault, a measurement). */
export class LoadRecorder {
  readonly records: LoadRecord[] = [];
  /** A few bodies of each unexpected answer ("wallet.send 500"), to say what went wrong. */
  readonly errorSamples = new Map<string, unknown[]>();

  record(entry: LoadRecord, body: unknown): void {
    this.records.push(entry);
    if (entry.outcome !== 'error') return;
    entry.detail = (typeof body === 'string' ? body : (JSON.stringify(body) ?? '')).slice(0, 300);
    const key = `${entry.route} ${entry.status}`;
    const samples = this.errorSamples.get(key) ?? [];
    if (samples.length < SAMPLES_PER_STATUS) samples.push(body);
    this.errorSamples.set(key, samples);
  }

  /** Records whose request overlapped [from, to). */
  overlapping(from: number, to: number): LoadRecord[] {
    return this.records.filter((r) => r.startedAt < to && r.endedAt >= from);
  }

  /** Records that started and ended within [from, to). */
  within(from: number, to: number): LoadRecord[] {
    return this.records.filter((r) => r.startedAt >= from && r.endedAt < to);
  }

  /** Per-route counts, throughput over the window and latency percentiles. */
  summarize(records: readonly LoadRecord[], windowMs: number): RouteSummary[] {
    const routes = [...new Set(records.map((r) => r.route))].sort();
    return routes.map((route) => {
      const mine = records.filter((r) => r.route === route);
      const latencies = mine.map((r) => r.endedAt - r.startedAt).sort((a, b) => a - b);
      const count = (outcome: Outcome) => mine.filter((r) => r.outcome === outcome).length;
      return {
        route,
        requests: mine.length,
        ok: count('ok'),
        refused: count('refused'),
        errors: count('error'),
        perSecond: Math.round((mine.length / (windowMs / 1000)) * 10) / 10,
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
      };
    });
  }

  /** "wallet.send 503 ×4, orders.snapshot 0 ×2": the unexpected answers by route and status, most frequent first. */
  static describeErrors(records: readonly LoadRecord[]): string {
    const counts = new Map<string, number>();
    for (const r of records) if (r.outcome === 'error') counts.set(`${r.route} ${r.status}`, (counts.get(`${r.route} ${r.status}`) ?? 0) + 1);
    return [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([what, n]) => `${what} ×${n}`)
      .join(', ');
  }
}
