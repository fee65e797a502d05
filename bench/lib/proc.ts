import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time and resident memory of processes, from Linux's /proc. A service
 * started through tsx is two processes (the tsx wrapper and the node that runs
 * the service); `serviceProcess` finds the one doing the work.
 */

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  /** utime + stime since the process started. */
  cpuMs: number;
}

export function procStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces and parentheses: the fields start after the last ')'.
    const close = text.lastIndexOf(')');
    const fields = text.slice(close + 2).split(' ');
    // Counted from `state` as index 0: ppid 1, utime 11, stime 12.
    return {
      pid,
      ppid: Number(fields[1]),
      comm: text.slice(text.indexOf('(') + 1, close),
      cpuMs: ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND,
    };
  } catch {
    return undefined; // gone
  }
}

/** Resident set size (VmRSS) in bytes; 0 for a process that is gone. */
export function rssBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Memory only this process holds (private pages, from smaps_rollup): RSS less
 * the pages it shares, chiefly the node binary's code, which every node
 * process maps and which is counted once by the kernel.
 */
export function privateBytes(pid: number): number {
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
    return (kb('Private_Clean') + kb('Private_Dirty')) * 1024;
  } catch {
    return 0;
  }
}

function nodeChildrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => procStat(Number(name)))
    .filter((stat): stat is ProcStat => stat?.ppid === pid && stat.comm === 'node')
    .map((stat) => stat.pid);
}

/**
 * The node process that runs the service: the started process itself, or the
 * node it starts when it is a wrapper (tsx). Other helpers (tsx's esbuild) are not followed.
 */
export function serviceProcess(startedPid: number): number {
  let pid = startedPid;
  for (;;) {
    const children = nodeChildrenOf(pid);
    if (children.length === 0) return pid;
    pid = children[0];
  }
}
