import { procStat } from './proc.js';

/**
 * CPU milliseconds used by named groups of processes while it runs, sampled
 * every 200 ms: PostgreSQL backends come and go as a pool opens and closes
 * connections between phases, so the processes at the end are not those at
 * the start. Each process counts from its first sample (or from 0 when it
 * appeared after start()) to its last; a process that lived less than one
 * interval between two samples is missed.
 */
export class SamplingCpuMeter {
  private readonly first = new Map<string, Map<number, number>>();
  private readonly last = new Map<string, Map<number, number>>();
  private timer: NodeJS.Timeout | undefined;
  private started = false;

  constructor(private readonly groups: () => Promise<Record<string, number[]>>) {}

  private async sample(): Promise<void> {
    for (const [group, pids] of Object.entries(await this.groups())) {
      const first = this.first.get(group) ?? new Map<number, number>();
      const last = this.last.get(group) ?? new Map<number, number>();
      for (const pid of pids) {
        const cpu = procStat(pid)?.cpuMs;
        if (cpu === undefined) continue;
        if (!first.has(pid)) first.set(pid, this.started ? 0 : cpu);
        last.set(pid, cpu);
      }
      this.first.set(group, first);
      this.last.set(group, last);
    }
  }

  async start(): Promise<void> {
    await this.sample();
    this.started = true;
    this.timer = setInterval(() => void this.sample(), 200);
  }

  async stop(): Promise<Record<string, number>> {
    clearInterval(this.timer);
    await this.sample();
    const used: Record<string, number> = {};
    for (const [group, last] of this.last) {
      const first = this.first.get(group)!;
      used[group] = [...last].reduce((sum, [pid, cpu]) => sum + Math.max(0, cpu - (first.get(pid) ?? 0)), 0);
    }
    return used;
  }
}
