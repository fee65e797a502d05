import type { system } from '@platform/contracts';
import { type TestApi, waitFor } from '@platform/testkit';
import type { z } from 'zod';

export type InstanceReport = z.output<typeof system.instanceReport>;

/** One census through GET /api/admin/instances (admins only). */
export async function census(api: TestApi, adminToken: string, waitMs = 1_500): Promise<InstanceReport[]> {
  const res = await api.get(`/api/admin/instances?waitMs=${waitMs}`, adminToken);
  if (res.status !== 200) throw new Error(`GET /api/admin/instances: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.instances;
}

/**
 * The census once exactly `expected` instances of each listed service answer
 * (processes still starting, or one just killed, take a moment to show).
 */
export async function censusWhen(api: TestApi, adminToken: string, expected: Record<string, number>): Promise<InstanceReport[]> {
  return waitFor(
    async () => {
      const reports = await census(api, adminToken);
      const matches = Object.entries(expected).every(([service, count]) => reports.filter((r) => r.service === service).length === count);
      return matches ? reports : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 250, what: `instances ${JSON.stringify(expected)} to answer the census` },
  );
}

/** How much of `measure` each instance did between two censuses (an instance absent before counts from zero). */
export function handledBetween(
  before: InstanceReport[],
  after: InstanceReport[],
  service: string,
  measure: (report: InstanceReport) => number,
): Map<string, number> {
  const start = new Map(before.map((report) => [report.instance, measure(report)]));
  return new Map(after.filter((report) => report.service === service).map((report) => [report.instance, measure(report) - (start.get(report.instance) ?? 0)]));
}

/** Prints a two-column table, for the figures in docs/reliability.md. */
export function printTable(title: string, header: [string, string], rows: Array<[string, string | number]>): void {
  const width = Math.max(header[0].length, ...rows.map(([name]) => name.length));
  const lines = [`| ${header[0].padEnd(width)} | ${header[1]} |`, `|${'-'.repeat(width + 2)}|${'-'.repeat(header[1].length + 2)}|`];
  for (const [name, value] of rows) lines.push(`| ${name.padEnd(width)} | ${String(value).padStart(header[1].length)} |`);
  console.log(`\n${title}\n${lines.join('\n')}\n`);
}
