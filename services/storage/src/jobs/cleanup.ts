import { createRequire } from 'node:module';
import { storage } from '@platform/contracts';
import { type Logger, useCronDatesWithoutIntlLookups } from '@platform/service-kit';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { uploadPlace } from '../domain/places.js';
import type { ObjectStorage } from '../store/object-storage.js';
import type { ObjectStore } from '../store/objects.js';

/** Stable id: every instance upserts the same schedule, so there is one daily run, not one per instance. */
export const CLEANUP_SCHEDULER_ID = 'storage-cleanup-daily';
export const CLEANUP_JOB_NAME = 'remove-unconfirmed-uploads';
const BATCH = 200;

/**
 * Removes uploads never confirmed within the allowed age: their bytes (and an
 * unfinished multipart upload) from the bucket, then their row. A row that got
 * confirmed meanwhile is left alone.
 */
export async function removeUnconfirmedUploads(deps: { objects: ObjectStore; storage: ObjectStorage }, maxAgeMs: number): Promise<number> {
  const cutoff = new Date(Date.now() - maxAgeMs);
  let removed = 0;
  for (;;) {
    const expired = await deps.objects.pendingCreatedBefore(cutoff, BATCH);
    for (const object of expired) {
      const place = uploadPlace(object);
      if (object.uploadId) await deps.storage.abortMultipart(place.key, object.uploadId);
      await deps.storage.delete(place);
      if (await deps.objects.removeIfPending(object.id)) removed++;
    }
    if (expired.length < BATCH) return removed;
  }
}

export interface CleanupJob {
  queue: Queue;
  /** Readiness: Redis answers (a ping on the queue's connection). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The BullMQ queue `storage-cleanup`, its daily schedule (upsertJobScheduler,
 * cron + time zone) and a worker. Keys live under `<REDIS_PREFIX>bull`.
 */
export async function startCleanupJob(options: {
  redisUrl: string;
  redisPrefix: string;
  cron: string;
  timeZone: string;
  maxAgeMs: number;
  deps: { objects: ObjectStore; storage: ObjectStorage };
  logger: Logger;
}): Promise<CleanupJob> {
  const prefix = cleanupQueuePrefix(options.redisPrefix);
  // BullMQ wants maxRetriesPerRequest: null on the connections it blocks on.
  const queueConnection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const workerConnection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  for (const connection of [queueConnection, workerConnection]) connection.on('error', (err) => options.logger.debug({ err }, 'redis error'));
  const queue = new Queue(storage.STORAGE_CLEANUP_QUEUE, { connection: queueConnection, prefix });
  useCronDatesWithoutIntlLookups(createRequire(import.meta.url));
  await queue.upsertJobScheduler(
    CLEANUP_SCHEDULER_ID,
    { pattern: options.cron, tz: options.timeZone },
    { name: CLEANUP_JOB_NAME, opts: { removeOnComplete: 50, removeOnFail: 50 } },
  );
  const worker = new Worker(
    storage.STORAGE_CLEANUP_QUEUE,
    async () => {
      const removed = await removeUnconfirmedUploads(options.deps, options.maxAgeMs);
      options.logger.info({ removed }, 'removed unconfirmed uploads');
      return { removed };
    },
    { connection: workerConnection, prefix, concurrency: 1 },
  );
  worker.on('failed', (job, err) => options.logger.warn({ err, jobId: job?.id }, 'storage clean-up failed'));
  return {
    queue,
    async ping() {
      await queueConnection.ping();
    },
    async close() {
      await worker.close();
      await queue.close();
      queueConnection.disconnect();
      workerConnection.disconnect();
    },
  };
}

export const cleanupQueuePrefix = (redisPrefix: string) => `${redisPrefix}bull`;
