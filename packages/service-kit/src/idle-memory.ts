import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Gives a service's spare heap back to the system while it is idle.
 *
 * Why: V8 grows its young generation to 2 × 16 MB under allocation (start-up,
 * a burst of requests) and shrinks it only during a collection that finds the
 * process allocating little. A service that has gone quiet has no reason to
 * collect, so it kept 15–35 MB it did not use, and the dead objects of its
 * start-up with them. V8's own memory reducer should step in, but it judges
 * "quiet" from allocation samples it takes at collections, so after a busy
 * start it can wait minutes. Here, when a check finds the process idle by its
 * CPU time and the young generation larger than its floor, two full
 * collections run: the first settles V8's growth accounting, the second
 * shrinks the young generation (measured in docs/performance.md, "Mixed load
 * profile"). Under load nothing happens and the young generation keeps its
 * default size, so throughput is unchanged, unlike capping it with
 * --max-semi-space-size (10–20 % more CPU per request, measured).
 */
export interface IdleMemoryOptions {
  /** How often to look (default 10 s). */
  everyMs?: number;
}

/** Below this share of one core over a check interval a service counts as idle (an idle service measures 0.3–1 %). */
export const IDLE_CPU_SHARE = 0.03;
/** The young generation starts at 1 MB and a shrink leaves it at 2 MB; above this it has grown. */
export const YOUNG_GENERATION_FLOOR_BYTES = 4 * 1024 * 1024;
/** After a collection that could not shrink it, wait up to this many intervals before trying again. */
const MAX_BACKOFF_INTERVALS = 16;

export interface IdleSample {
  /** CPU time the process used since the previous check. */
  cpuMs: number;
  elapsedMs: number;
  youngGenerationBytes: number;
}

export const worthCollecting = (sample: IdleSample): boolean =>
  sample.youngGenerationBytes > YOUNG_GENERATION_FLOOR_BYTES && sample.cpuMs < sample.elapsedMs * IDLE_CPU_SHARE;

/** Starts the checks; returns the function that stops them (on shutdown). */
export function releaseMemoryWhenIdle(options: IdleMemoryOptions = {}): () => void {
  const everyMs = options.everyMs ?? 10_000;
  let last = { at: performance.now(), cpu: process.cpuUsage() };
  let backoff = 1;
  let skip = 0;
  const timer = setInterval(() => {
    const now = { at: performance.now(), cpu: process.cpuUsage() };
    const used = process.cpuUsage(last.cpu);
    const sample = { cpuMs: (used.user + used.system) / 1000, elapsedMs: now.at - last.at, youngGenerationBytes: youngGenerationBytes() };
    last = now;
    if (skip > 0) {
      skip--;
      return;
    }
    if (!worthCollecting(sample)) return;
    collectGarbage();
    collectGarbage();
    // A young generation that stayed large means V8 still counted recent allocation (start-up's, say):
    // try again at the next check, then less and less often.
    const shrunk = youngGenerationBytes() <= YOUNG_GENERATION_FLOOR_BYTES;
    skip = shrunk ? 0 : backoff - 1;
    backoff = shrunk ? 1 : Math.min(backoff * 2, MAX_BACKOFF_INTERVALS);
    last = { at: performance.now(), cpu: process.cpuUsage() }; // the collections are not the service's load
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

const youngGenerationBytes = () => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;

let gc: (() => void) | undefined;

/**
 * Node has no API to request a collection without --expose-gc on the command
 * line; this enables the flag just long enough to get `gc` from a fresh
 * context, as Jest's leak detector does, so the main global stays clean.
 */
function collectGarbage(): void {
  if (!gc) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (typeof exposed === 'function') {
      gc = exposed;
    } else {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
      setFlagsFromString('--no-expose-gc');
    }
  }
  gc();
}
