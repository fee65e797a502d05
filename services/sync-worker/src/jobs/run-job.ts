import type { Logger } from '@platform/service-kit';
import { type Job, UnrecoverableError } from 'bullmq';
import type { TableCounts } from '../domain/sync-window.js';
import type { SyncJobData } from './sync-jobs.js';
import type { SyncMetrics } from '../metrics.js';
import type { SyncRunStore } from '../store/sync-runs.js';
import { TemplateApiError, TemplateAuthError } from '../clients/template-api.js';
import { type SyncDeps, syncTemplate } from './sync-template.js';

export interface SyncJobResult {
  runId: string;
  counts: Record<string, TableCounts>;
}

/**
 * One attempt of a sync job, recorded in the run history: start, end,
 * status, per-table counts, duration and error. A 401 is unrecoverable: the
 * job is not retried, since a wrong key stays wrong.
 */
export async function runSyncJob(
  job: Job<SyncJobData>,
  deps: { sync: SyncDeps; runs: SyncRunStore; metrics: SyncMetrics; logger: Logger },
): Promise<SyncJobResult> {
  const { trigger, mode } = job.data;
  const run = await deps.runs.start({ jobId: job.id!, trigger, mode, attempt: Math.max(1, job.attemptsStarted) });
  const progress: Record<string, TableCounts> = {};
  const log = deps.logger.child({ runId: run.id, jobId: job.id, trigger, mode });
  log.info('sync started');
  try {
    await syncTemplate({ ...deps.sync, logger: log }, mode, progress);
    const view = await deps.runs.finish(run.id, { status: 'succeeded', startedAt: run.startedAt, counts: progress });
    deps.metrics.runs.inc({ status: 'succeeded', trigger });
    deps.metrics.duration.observe({ status: 'succeeded' }, (view.duration_ms ?? 0) / 1000);
    log.info({ counts: progress, ms: view.duration_ms }, 'sync succeeded');
    return { runId: run.id, counts: progress };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Whose fault: the Template's (refused, wrong answer, unreachable, too slow) or ours. It sets the status the admin gets.
    const failure = error instanceof TemplateApiError ? error.failure : 'internal';
    const view = await deps.runs.finish(run.id, { status: 'failed', startedAt: run.startedAt, counts: progress, error: message, failure });
    deps.metrics.runs.inc({ status: 'failed', trigger });
    deps.metrics.duration.observe({ status: 'failed' }, (view.duration_ms ?? 0) / 1000);
    log.error({ error: message, failure, counts: progress }, 'sync failed');
    if (error instanceof TemplateAuthError) throw new UnrecoverableError(message);
    throw error instanceof Error ? error : new Error(message);
  }
}
