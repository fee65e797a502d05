import { randomUUID } from 'node:crypto';
import type { syncWorker } from '@platform/contracts';
import { quoteIdent } from '@platform/service-kit';
import type { Pool } from 'pg';
import type { z } from 'zod';
import type { TableCounts } from '../domain/sync-window.js';
import type { Prisma } from './generated/client.js';
import type { Db } from './prisma.js';

export type SyncRunView = z.output<typeof syncWorker.syncRun>;
type RunRecord = Awaited<ReturnType<Db['syncRun']['findFirstOrThrow']>>;

export function toView(run: RunRecord): SyncRunView {
  return {
    id: run.id,
    job_id: run.jobId,
    trigger: run.trigger as SyncRunView['trigger'],
    mode: run.mode as SyncRunView['mode'],
    attempt: run.attempt,
    status: run.status as SyncRunView['status'],
    started_at: run.startedAt.toISOString(),
    finished_at: run.finishedAt?.toISOString() ?? null,
    duration_ms: run.durationMs,
    counts: run.counts as unknown as Record<string, TableCounts>,
    error: run.error,
    failure: (run.failure as SyncRunView['failure']) ?? null,
  };
}

/** The run history: one row per attempt of a sync job. */
export class SyncRunStore {
  private readonly table: string;

  constructor(
    private readonly db: Db,
    private readonly pool: Pool,
    schema: string,
  ) {
    this.table = `${quoteIdent(schema)}.sync_runs`;
  }

  async start(run: { jobId: string; trigger: string; mode: string; attempt: number }): Promise<{ id: string; startedAt: Date }> {
    return this.db.syncRun.create({ data: { id: randomUUID(), status: 'running', ...run }, select: { id: true, startedAt: true } });
  }

  async finish(
    id: string,
    outcome: { status: 'succeeded' | 'failed'; startedAt: Date; counts: Record<string, TableCounts>; error?: string; failure?: syncWorker.SyncFailure },
  ): Promise<SyncRunView> {
    const finishedAt = new Date();
    const run = await this.db.syncRun.update({
      where: { id },
      data: {
        status: outcome.status,
        finishedAt,
        durationMs: finishedAt.getTime() - outcome.startedAt.getTime(),
        counts: outcome.counts as unknown as Prisma.InputJsonObject,
        error: outcome.error ?? null,
        failure: outcome.failure ?? null,
      },
    });
    return toView(run);
  }

  async latestOfJob(jobId: string): Promise<SyncRunView | null> {
    const run = await this.db.syncRun.findFirst({ where: { jobId }, orderBy: [{ attempt: 'desc' }, { startedAt: 'desc' }] });
    return run ? toView(run) : null;
  }

  /** Newest first, keyset on (started_at, id). */
  async page(limit: number, after?: { startedAt: Date; id: string }): Promise<SyncRunView[]> {
    const runs = await this.db.syncRun.findMany({
      where: after ? { OR: [{ startedAt: { lt: after.startedAt } }, { startedAt: after.startedAt, id: { lt: after.id } }] } : undefined,
      orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
    return runs.map(toView);
  }

  /** Runs left 'running' by an instance that died: the caller says which jobs are really still active. */
  async markInterrupted(isActive: (jobId: string) => Promise<boolean>): Promise<number> {
    // Plain SQL, because this runs at every start and usually finds nothing: Prisma's query
    // compiler (about 15 MB) then stays unloaded until the first sync (docs/performance.md).
    const { rows: running } = await this.pool.query<{ id: string; job_id: string; started_at: Date }>(
      `SELECT id, job_id, started_at FROM ${this.table} WHERE status = 'running'`,
    );
    let marked = 0;
    for (const run of running) {
      if (await isActive(run.job_id)) continue;
      await this.finish(run.id, {
        status: 'failed',
        startedAt: run.started_at,
        counts: {},
        error: 'Interrupted: the worker stopped before the run finished',
        failure: 'internal',
      });
      marked++;
    }
    return marked;
  }
}
