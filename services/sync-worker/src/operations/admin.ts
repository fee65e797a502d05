import { DomainError, type ErrorCode, syncWorker, templateExport } from '@platform/contracts';
import { decodeCursor, encodeCursor, type HandlersOf } from '@platform/service-kit';
import type { Job } from 'bullmq';
import { SYNC_JOB, type SyncJobs } from '../jobs/sync-jobs.js';
import type { SyncMetrics } from '../metrics.js';
import type { SyncRunStore, SyncRunView } from '../store/sync-runs.js';
import type { SyncJobResult } from '../jobs/run-job.js';
import { checkTemplateHealth } from '../clients/template-health.js';
import type { TemplateClient } from '../clients/template-api.js';

export interface AdminDeps {
  jobs: SyncJobs;
  runs: SyncRunStore;
  client: TemplateClient;
  metrics: SyncMetrics;
  healthTimeoutMs: number;
  /** How long a synchronous trigger waits before answering 202 (SYNC_ANSWER_WITHIN_MS). */
  answerWithinMs: number;
}

/** The seed's `data`: rows synced per table, in sync order. */
const fetchedPerTable = (run: SyncRunView | null) =>
  Object.fromEntries(templateExport.EXPORT_TABLES.filter(({ table }) => run?.counts[table]).map(({ table }) => [table, run!.counts[table].fetched]));

/** Time kept back from the caller's deadline to answer before the gateway gives up. */
const ANSWER_MARGIN_MS = 2_000;

/** The Template's fault is a 502, 503 or 504 (the seed answered 500 for everything); ours stays 500. */
const FAILURE_CODES: Record<syncWorker.SyncFailure, ErrorCode> = {
  template_auth: 'BAD_GATEWAY',
  template_error: 'BAD_GATEWAY',
  template_unreachable: 'SERVICE_UNAVAILABLE',
  template_timeout: 'UPSTREAM_TIMEOUT',
  internal: 'INTERNAL',
};

type JobView = { id: string; state: string; already_running: boolean };

/**
 * What the admin hears about a sync job: the seed's 200 once it completed,
 * its `{success: false, error}` once it failed, or "still running" with where
 * to follow it (which the route turns into a 202 with Location).
 */
function answerFor(job: JobView, run: SyncRunView | null, failedReason?: string) {
  if (job.state === 'completed') return { success: true as const, message: 'Synchronization completed', data: fetchedPerTable(run), job, run };
  if (job.state === 'failed') {
    const code = FAILURE_CODES[run?.failure ?? 'internal'];
    throw new DomainError(code, run?.error ?? failedReason ?? 'Synchronization failed', { details: { job, run } });
  }
  return {
    success: true as const,
    message: job.already_running ? 'A synchronization is already running; follow it at status_url' : 'Synchronization running; follow it at status_url',
    data: {},
    job,
    run,
    status_url: syncWorker.syncJobPath(job.id),
  };
}

/** A job's state as the admin routes report it; a finished job that BullMQ has since removed is read from the run history. */
async function stateOf(job: Job | undefined, run: SyncRunView | null): Promise<string | undefined> {
  if (job) return job.getState();
  if (!run) return undefined;
  return run.status === 'succeeded' ? 'completed' : run.status === 'failed' ? 'failed' : 'active';
}

export function adminHandlers(deps: AdminDeps) {
  return {
    [syncWorker.syncTemplate.name]: async (input, ctx) => {
      const { job, alreadyRunning } = await deps.jobs.trigger(input.full ? 'full' : 'incremental');
      const view = (state: string): JobView => ({ id: job.id!, state, already_running: alreadyRunning });
      // The seed waits for the run; Prefer: respond-async (or ?wait=false) asks for the 202 at once. An explicit ?wait wins.
      const wait = input.wait ?? !ctx.preferAsync;
      ctx.log.info({ jobId: job.id, alreadyRunning, wait, by: ctx.user?.id }, 'sync requested');
      if (!wait) return answerFor(view(await job.getState()), await deps.runs.latestOfJob(job.id!));
      // Answer before the gateway's deadline and any proxy's idle timeout: a long run becomes a 202 to follow, never a silent 504.
      const budget = Math.min(deps.answerWithinMs, ctx.deadline - Date.now() - ANSWER_MARGIN_MS);
      const outcome = await deps.jobs.waitFor<SyncJobResult>(job, Math.max(100, budget));
      const run = await deps.runs.latestOfJob(job.id!);
      if (outcome.state === 'failed') return answerFor(view('failed'), run, outcome.reason);
      return answerFor(view(outcome.state === 'completed' ? 'completed' : 'active'), run);
    },

    [syncWorker.syncJob.name]: async (input) => {
      const [job, run] = await Promise.all([deps.jobs.queue.getJob(input.id), deps.runs.latestOfJob(input.id)]);
      const state = await stateOf(job, run);
      if (!state || (job && job.name !== SYNC_JOB)) throw new DomainError('NOT_FOUND', 'id: no sync job with this id', { field: 'id' });
      return answerFor({ id: input.id, state, already_running: false }, run, job?.failedReason);
    },

    [syncWorker.templateHealth.name]: async (_input, ctx) => {
      try {
        const health = await checkTemplateHealth(deps.client, deps.metrics, deps.healthTimeoutMs);
        return { success: true as const, base_url: deps.client.baseUrl, ...health };
      } catch (error) {
        // The seed's failure body, with where we looked: {success: false, error, healthy: false, base_url}.
        ctx.log.error({ err: error }, 'template health check failed to run');
        throw new DomainError('INTERNAL', `Health check failed: ${(error as Error).message}`, { details: { healthy: false, base_url: deps.client.baseUrl } });
      }
    },

    [syncWorker.listSyncRuns.name]: async (input) => {
      const key = decodeCursor(input.cursor, 2);
      if (key && (typeof key[0] !== 'string' || Number.isNaN(Date.parse(key[0])) || typeof key[1] !== 'string')) {
        throw new DomainError('VALIDATION_FAILED', 'cursor: is not a cursor returned by this endpoint', { field: 'cursor' });
      }
      const rows = await deps.runs.page(input.limit, key ? { startedAt: new Date(String(key[0])), id: String(key[1]) } : undefined);
      const data = rows.slice(0, input.limit);
      const last = data[data.length - 1];
      return { success: true as const, data, next_cursor: rows.length > input.limit && last ? encodeCursor([last.started_at, last.id]) : null };
    },
  } satisfies HandlersOf<'sync-worker'>;
}
