import type { RunningProcess } from '@platform/testkit/processes';
import { privateBytes, procStat, rssBytes, serviceProcess } from '../lib/proc.js';

export interface ServiceSample {
  /** `<service>` or `<service>#<n>` when it has several instances. */
  name: string;
  pid: number;
  url: string;
  /** RSS at the end of the window. */
  rssBytes: number;
  /** The part of it no other process shares (RSS less the node binary's code pages and the like). */
  privateBytes: number;
  peakRssBytes: number;
  /** CPU used over the window, in % of one core. */
  cpuPercent: number;
}

const SAMPLE_EVERY_MS = 1_000;

/** CPU and memory of every service instance of a platform over a window of time. */
export class ServiceMeter {
  private readonly targets: Array<{ name: string; pid: number; url: string }>;

  constructor(instances: ReadonlyMap<string, readonly RunningProcess[]>) {
    this.targets = [...instances.entries()].flatMap(([service, list]) =>
      list.map((instance, i) => ({ name: list.length > 1 ? `${service}#${i + 1}` : service, pid: serviceProcess(instance.child.pid!), url: instance.url })),
    );
  }

  /** Runs `during` and samples every instance until it resolves. */
  async measure(during: () => Promise<void>): Promise<ServiceSample[]> {
    const cpuBefore = new Map(this.targets.map((t) => [t.pid, procStat(t.pid)?.cpuMs ?? 0]));
    const peak = new Map<number, number>();
    const sample = () => {
      for (const t of this.targets) peak.set(t.pid, Math.max(peak.get(t.pid) ?? 0, rssBytes(t.pid)));
    };
    const started = Date.now();
    const timer = setInterval(sample, SAMPLE_EVERY_MS);
    try {
      await during();
    } finally {
      clearInterval(timer);
    }
    sample();
    const elapsedMs = Date.now() - started;
    return this.targets.map((t) => ({
      name: t.name,
      pid: t.pid,
      url: t.url,
      rssBytes: rssBytes(t.pid),
      privateBytes: privateBytes(t.pid),
      peakRssBytes: peak.get(t.pid) ?? 0,
      cpuPercent: (((procStat(t.pid)?.cpuMs ?? 0) - (cpuBefore.get(t.pid) ?? 0)) / elapsedMs) * 100,
    }));
  }
}
