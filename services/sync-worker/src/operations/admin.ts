import { DomainError, syncWorker, templateExport } from '@platform/contracts';
import { decodeCursor, encodeCursor, type Service } from '@platform/service-kit';
import type { SyncJobs } from '../jobs/sync-jobs.js';
import type { SyncRunStore, SyncRunView } from '../store/sync-runs.js';
import type { SyncJobResult } from '../jobs/run-job.js';
import { checkTemplateHealth } from '../clients/template-health.js';
import type { TemplateClient } from '../clients/template-api.js';
import type { SyncMetrics } from '../metrics.js';

export interface AdminDeps {
  jobs: SyncJobs;
  runs: SyncRunStore;
  client: TemplateClient;
  metrics: SyncMetrics;
  healthTimeoutMs: number;
}

/** The seed's `data`: rows synced per table, in sync order. */
const fetchedPerTable = (run: SyncRunView | null) =>
  Object.fromEntries(templateExport.EXPORT_TABLES.filter(({ table }) => run?.counts[table]).map(({ table }) => [table, run!.counts[table].fetched]));

/** Time kept back from the caller's deadline to answer before the gateway gives up. */
const ANSWER_MARGIN_MS = 2_000;

export function registerAdminOperations(service: Service, deps: AdminDeps): void {
  service.handle(syncWorker.syncTemplate, async (input, ctx) => {
    const { job, alreadyRunning } = await deps.jobs.trigger(input.full ? 'full' : 'incremental');
    const jobView = (state: string) => ({ id: job.id!, state, already_running: alreadyRunning });
    ctx.log.info({ jobId: job.id, alreadyRunning, by: ctx.user?.id }, 'sync requested');
    if (!input.wait) {
      return {
        success: true as const,
        message: alreadyRunning ? 'A synchronization is already running' : 'Synchronization queued',
        data: {},
        job: jobView(await job.getState()),
        run: null,
      };
    }
    const outcome = await deps.jobs.waitFor<SyncJobResult>(job, Math.max(1_000, ctx.deadline - Date.now() - ANSWER_MARGIN_MS));
    const run = await deps.runs.latestOfJob(job.id!);
    if (outcome.state === 'failed') {
      throw new DomainError('SERVICE_UNAVAILABLE', outcome.reason, { details: { job: jobView('failed'), run } });
    }
    if (outcome.state === 'running') {
      return { success: true as const, message: 'Synchronization still running; see /admin/api/sync-runs', data: {}, job: jobView('active'), run };
    }
    return { success: true as const, message: 'Synchronization completed', data: fetchedPerTable(run), job: jobView('completed'), run };
  });

  service.handle(syncWorker.templateHealth, async () => {
    const health = await checkTemplateHealth(deps.client, deps.metrics, deps.healthTimeoutMs);
    return { success: true as const, base_url: deps.client.baseUrl, ...health };
  });

  service.handle(syncWorker.listSyncRuns, async (input) => {
    const key = decodeCursor(input.cursor, 2);
    if (key && (typeof key[0] !== 'string' || Number.isNaN(Date.parse(key[0])) || typeof key[1] !== 'string')) {
      throw new DomainError('VALIDATION_FAILED', 'cursor: is not a cursor returned by this endpoint', { field: 'cursor' });
    }
    const rows = await deps.runs.page(input.limit, key ? { startedAt: new Date(String(key[0])), id: String(key[1]) } : undefined);
    const data = rows.slice(0, input.limit);
    const last = data[data.length - 1];
    return { success: true as const, data, next_cursor: rows.length > input.limit && last ? encodeCursor([last.started_at, last.id]) : null };
  });
}
