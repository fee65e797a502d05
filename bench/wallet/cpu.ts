import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time actually spent per transfer, by process: the wall-clock rate on a
 * machine shared with other work says little, but the CPU a transfer costs
 * barely depends on what else runs. 2 cores / CPU per transfer is the rate the
 * same code reaches on an idle 2-core machine, when it is CPU-bound.
 */

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function stat(pid: number): { ppid: number; comm: string; cpuMs: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    const fields = text.slice(close + 2).split(' ');
    // After "pid (comm) ": state ppid ... utime(12) stime(13), counted from state as index 0.
    return { ppid: Number(fields[1]), comm, cpuMs: ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

function allPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/** A process and everything it started (tsx runs the service in a child process). */
export function withDescendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const pid of allPids()) {
    const s = stat(pid);
    if (s) children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
  }
  const result: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    result.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return result;
}

export const pidsNamed = (comm: string): number[] => allPids().filter((pid) => stat(pid)?.comm === comm);

export const cpuMsOf = (pids: number[]): number => pids.reduce((sum, pid) => sum + (stat(pid)?.cpuMs ?? 0), 0);

/** CPU milliseconds used by named groups of processes between start() and stop(). */
export class CpuMeter {
  private before = new Map<string, number>();

  constructor(private readonly groups: () => Promise<Record<string, number[]>>) {}

  async start(): Promise<void> {
    this.before = new Map(Object.entries(await this.groups()).map(([name, pids]) => [name, cpuMsOf(pids)]));
  }

  async stop(): Promise<Record<string, number>> {
    const after = await this.groups();
    return Object.fromEntries(Object.entries(after).map(([name, pids]) => [name, Math.max(0, cpuMsOf(pids) - (this.before.get(name) ?? 0))]));
  }
}
