import { waitFor } from '@platform/testkit';
import type { TestApi } from '@platform/testkit/http';
import { LoadRecorder } from '@platform/testkit/load-recorder';
import { MIXED_ROUTES, type MixedWorkload } from '@platform/testkit/mixed-workload';
import type { RunningProcess } from '@platform/testkit/processes';

/**
 * One fault under the mixed load: some steady load, the fault, then the time
 * until every route answers correctly again (probed, under the same load) and
 * until every service instance is ready. Services are never restarted by the
 * suite, except the replacement an orchestrator would start for a killed one.
 */
export interface FaultPhase {
  fault: string;
  faultAt: number;
  /** When one request of every route, sent together, all answered as intended. */
  recoveredAt: number;
  /** When /api/health said ok and every instance's /ready answered 200. */
  readyAt: number;
  endedAt: number;
  /** Probes that did not answer as intended, to say what recovery waited for. */
  failedProbes: string[];
}

export interface FaultPhaseOptions {
  fault: string;
  workload: MixedWorkload;
  api: TestApi;
  inject: () => Promise<void>;
  instances: () => RunningProcess[];
  steadyMs?: number;
  afterMs?: number;
  recoveryTimeoutMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runFaultPhase(options: FaultPhaseOptions): Promise<FaultPhase> {
  const recoveryTimeoutMs = options.recoveryTimeoutMs ?? 60_000;
  await sleep(options.steadyMs ?? 3_000);
  const faultAt = Date.now();
  await options.inject();
  const failedProbes: string[] = [];
  const recoveredAt = await waitFor(
    async () => {
      const probes = await Promise.all(MIXED_ROUTES.map((route) => options.workload.once(route)));
      const failed = probes.filter((probe) => probe.outcome === 'error');
      failedProbes.push(...failed.map((p) => `${p.route} ${p.status} in ${p.endedAt - p.startedAt} ms, sent ${p.startedAt - faultAt} ms after the fault`));
      return failed.length === 0 && Date.now();
    },
    { timeoutMs: recoveryTimeoutMs, intervalMs: 250, what: `every route to answer again after: ${options.fault}` },
  );
  let notReady = '';
  const readyAt = await waitFor(
    async () => {
      const health = await options.api.get('/api/health');
      const instances = await Promise.all(
        options.instances().map(async (instance) => {
          const res = await fetch(`${instance.url}/ready`).catch((error: Error) => ({ ok: false, text: async () => error.message }));
          return res.ok ? '' : `${instance.url}/ready: ${await res.text()}`;
        }),
      );
      notReady = [health.body?.status === 'ok' ? '' : `/api/health: ${JSON.stringify(health.body)}`, ...instances].filter(Boolean).join('\n');
      return notReady === '' && Date.now();
    },
    { timeoutMs: recoveryTimeoutMs, intervalMs: 250, what: `every service to be ready again after: ${options.fault}` },
  ).catch((error: Error) => {
    throw new Error(`${error.message}\nstill not ready:\n${notReady}`);
  });
  await sleep(options.afterMs ?? 3_000);
  return { fault: options.fault, faultAt, recoveredAt, readyAt, endedAt: Date.now(), failedProbes };
}

export interface FaultRow {
  fault: string;
  /** Requests in flight during [fault, recovered] that got an unexpected answer, and how many were in flight. */
  failed: number;
  during: number;
  statuses: string;
  recoverMs: number;
  readyMs: number;
  /** Unexpected answers to requests sent after recovery, until the next fault. */
  errorsAfter: number;
  /** What those were: route, status and the start of the body. */
  errorsAfterDetail: string[];
}

/**
 * Call once the load has stopped: a request cut by a fault may only fail when
 * its deadline passes (up to 30 s later, during the next phase). A request is
 * counted for the first fault it was in flight during: one sent before the
 * previous fault's recovery belongs to that fault.
 */
export function faultRow(phase: FaultPhase, recorder: LoadRecorder, around: { previousRecoveredAt: number; nextFaultAt: number }): FaultRow {
  const { previousRecoveredAt, nextFaultAt } = around;
  const during = recorder.overlapping(phase.faultAt, phase.recoveredAt).filter((r) => r.startedAt >= previousRecoveredAt);
  const failed = during.filter((r) => r.outcome === 'error');
  // A request still in flight when the next fault hits belongs to that fault.
  const after = recorder.records.filter((r) => r.startedAt >= phase.recoveredAt && r.endedAt < nextFaultAt && r.outcome === 'error');
  return {
    fault: phase.fault,
    failed: failed.length,
    during: during.length,
    statuses: LoadRecorder.describeErrors(failed),
    recoverMs: phase.recoveredAt - phase.faultAt,
    readyMs: phase.readyAt - phase.faultAt,
    errorsAfter: after.length,
    errorsAfterDetail: after.map((r) => `${r.route} ${r.status} after ${((r.startedAt - phase.recoveredAt) / 1000).toFixed(1)} s: ${r.detail}`),
  };
}
