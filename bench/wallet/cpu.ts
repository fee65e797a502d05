import { readdirSync } from 'node:fs';
import { procStat } from '../lib/proc.js';

/**
 * The processes a bench meters (with ../lib/cpu-sampler.ts): CPU time per
 * transfer barely depends on what else runs, where the wall-clock rate on a
 * shared machine does; 2 cores / CPU per transfer is the rate the same code
 * reaches on an idle 2-core machine, when it is CPU-bound.
 */

function allPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/** A process and everything it started (tsx runs the service in a child process). */
export function withDescendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const pid of allPids()) {
    const s = procStat(pid);
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

export const pidsNamed = (comm: string): number[] => allPids().filter((pid) => procStat(pid)?.comm === comm);
