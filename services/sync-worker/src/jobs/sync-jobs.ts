import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { syncWorker } from '@platform/contracts';
import { type Logger, useCronDatesWithoutIntlLookups } from '@platform/service-kit';
import { type ConnectionOptions, type Job, type JobsOptions, Queue, QueueEvents, Worker } from 'bullmq';
import type { SyncMode } from './sync-template.js';

export const SYNC_JOB = 'sync';
export const HEALTH_JOB = 'health-check';

export interface SyncJobData {
  trigger: 'manual' | 'schedule';
  mode: SyncMode;
}

export type JobOutcome<R> = { state: 'completed'; result: R } | { state: 'failed'; reason: string } | { state: 'running' };

export interface SyncJobsOptions {
  redisUrl: string;
  redisPrefix: string;
  logger: Logger;
  schedules?: { timeZone: string; syncCron: string; healthCron: string; attempts: number; backoffMs: number };
  /** Runs jobs in this instance; without it the instance only enqueues. */
  processor?: (job: Job) => Promise<unknown>;
}

const kept: Pick<JobsOptions, 'removeOnComplete' | 'removeOnFail'> = {
  removeOnComplete: { age: 7 * 86_400, count: 500 },
  removeOnFail: { age: 30 * 86_400, count: 1_000 },
};

/** Manual triggers share this deduplication id: while one is queued or running, another add returns it. */
const MANUAL_SYNC_DEDUPLICATION = 'manual-template-sync';

/**
 * The `template-sync` queue: the nightly sync and hourly health check
 * schedulers, the worker, and on-demand triggers. The queue's global
 * concurrency is 1, so across every instance only one job (sync or health
 * check) runs at a time.
 */
export class SyncJobs {
  readonly queue: Queue;
  private readonly events: QueueEvents;
  private worker: Worker | undefined;

  constructor(private readonly options: SyncJobsOptions) {
    const connection: ConnectionOptions = { url: options.redisUrl, maxRetriesPerRequest: null };
    const prefix = syncWorker.bullPrefix(options.redisPrefix);
    useCronDatesWithoutIntlLookups(createRequire(import.meta.url));
    this.queue = new Queue(syncWorker.SYNC_QUEUE, { connection, prefix });
    this.events = new QueueEvents(syncWorker.SYNC_QUEUE, { connection, prefix });
    if (options.processor) {
      this.worker = new Worker(syncWorker.SYNC_QUEUE, options.processor, { connection, prefix, concurrency: 1, autorun: false });
      this.worker.on('failed', (job, err) => options.logger.warn({ jobId: job?.id, job: job?.name, error: err.message }, 'job failed'));
    }
    const onError = (err: Error) => options.logger.warn({ err }, 'bullmq connection problem');
    this.queue.on('error', onError);
    this.events.on('error', onError);
    this.worker?.on('error', onError);
  }

  async start(): Promise<void> {
    await this.queue.setGlobalConcurrency(1);
    const schedules = this.options.schedules;
    if (schedules) {
      await this.queue.upsertJobScheduler(
        syncWorker.SYNC_SCHEDULERS.nightlySync,
        { pattern: schedules.syncCron, tz: schedules.timeZone },
        {
          name: SYNC_JOB,
          data: { trigger: 'schedule', mode: 'incremental' } satisfies SyncJobData,
          // A Template restarting at 02:00 should not cost a day of data: scheduled runs are retried later.
          opts: { attempts: schedules.attempts, backoff: { type: 'exponential', delay: schedules.backoffMs }, ...kept },
        },
      );
      await this.queue.upsertJobScheduler(
        syncWorker.SYNC_SCHEDULERS.hourlyHealth,
        { pattern: schedules.healthCron, tz: schedules.timeZone },
        { name: HEALTH_JOB, data: {}, opts: { removeOnComplete: { count: 48 }, removeOnFail: { count: 200 } } },
      );
    }
    await this.events.waitUntilReady();
    if (this.worker) {
      void this.worker.run();
      await this.worker.waitUntilReady();
    }
  }

  /** A sync job queued or running now (from a trigger or a scheduler), if any. */
  async runningSync(): Promise<Job<SyncJobData> | undefined> {
    const jobs = await this.queue.getJobs(['active', 'waiting', 'prioritized'], 0, 50, true);
    return jobs.find((job) => job?.name === SYNC_JOB);
  }

  /**
   * Starts a sync unless one is queued or running: then that one is the
   * answer. Two triggers racing past the check are folded into one job by
   * BullMQ's deduplication, which is atomic in Redis.
   */
  async trigger(mode: SyncMode): Promise<{ job: Job<SyncJobData>; alreadyRunning: boolean }> {
    const running = await this.runningSync();
    if (running) return { job: running, alreadyRunning: true };
    const jobId = `manual-${randomUUID()}`;
    const added = await this.queue.add(SYNC_JOB, { trigger: 'manual', mode } satisfies SyncJobData, {
      jobId,
      deduplication: { id: MANUAL_SYNC_DEDUPLICATION },
      attempts: 1,
      ...kept,
    });
    if (added.id === jobId) return { job: added, alreadyRunning: false };
    const existing = await this.queue.getJob(added.id!);
    return { job: existing ?? added, alreadyRunning: true };
  }

  /** Waits up to timeoutMs for a job to finish. */
  async waitFor<R>(job: Job, timeoutMs: number): Promise<JobOutcome<R>> {
    try {
      return { state: 'completed', result: (await job.waitUntilFinished(this.events, timeoutMs)) as R };
    } catch (error) {
      const current = await this.queue.getJob(job.id!);
      const state = current ? await current.getState() : 'unknown';
      if (state === 'failed') return { state: 'failed', reason: current?.failedReason ?? (error as Error).message };
      if (state === 'completed') return { state: 'completed', result: current?.returnvalue as R };
      return { state: 'running' };
    }
  }

  /** Answers only when Redis does (readiness). */
  async ping(): Promise<void> {
    await this.queue.isPaused();
  }

  async isActive(jobId: string): Promise<boolean> {
    const job = await this.queue.getJob(jobId);
    return job ? (await job.getState()) === 'active' : false;
  }

  async close(): Promise<void> {
    // The worker first: it finishes the job it is running, then the connections close.
    await this.worker?.close();
    await this.events.close();
    await this.queue.close();
  }
}
