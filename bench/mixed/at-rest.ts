import type { TestPlatform } from '@platform/testkit/platform';
import { type MemoryBreakdown, memoryBreakdown } from './memory-breakdown.js';
import { type ServiceSample, ServiceMeter } from './service-meter.js';

/**
 * How long the services get before "at rest" is measured. A service gives its
 * spare heap back on an idle check (every 10 s, @platform/service-kit
 * idle-memory.ts); a check that could not shrink the heap (V8 still counting
 * start-up's allocation) is retried after 2, then 4 intervals. With the twelve
 * services starting at once on two cores, some only reached their resting
 * memory 30–60 s after start (sync-worker: 96 MB at 25 s, 85 MB at 60 s). That
 * resting memory is what a host holds for an idle service.
 */
export const SETTLE_SECONDS = Number(process.env.BENCH_SETTLE_SECONDS ?? 60);
export const REST_SECONDS = Number(process.env.BENCH_REST_SECONDS ?? 10);

export interface AtRest {
  samples: ServiceSample[];
  memory: ReadonlyMap<string, MemoryBreakdown>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Lets the platform settle, then samples every instance over REST_SECONDS of doing nothing. */
export async function measureAtRest(platform: TestPlatform): Promise<AtRest> {
  await sleep(SETTLE_SECONDS * 1000);
  const samples = await new ServiceMeter(platform.instances).measure(() => sleep(REST_SECONDS * 1000));
  const memory = new Map(await Promise.all(samples.map(async (s) => [s.name, await memoryBreakdown(s.url)] as const)));
  return { samples, memory };
}
