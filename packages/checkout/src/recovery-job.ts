import { bullPrefix } from '@platform/contracts';
import type { Logger, Service } from '@platform/service-kit';
import type { PurchaseConfig } from './purchase-config.js';
import { type ConnectionOptions, Queue, Worker } from 'bullmq';
import type { PurchaseSaga, RecoveryReport } from './purchase-saga.js';

/** `<merchant>-purchase-recovery`: one queue per selling service. */
export const purchaseRecoveryQueue = (merchant: string) => `${merchant}-purchase-recovery`;

export interface PurchaseRecoveryJobOptions {
  saga: PurchaseSaga<any, any>;
  redisUrl: string;
  /** The service's REDIS_PREFIX; BullMQ keys live under `<prefix>bull` like every queue of the platform. */
  redisPrefix: string;
  logger: Logger;
  /** How often a run starts (default 30 s). */
  everyMs?: number;
  /** Purchases younger than this are left to their own request (default 60 s). */
  graceMs?: number;
}

export const RECOVER_JOB = 'recover-stale-purchases';

/**
 * The saga's recovery job: a BullMQ job scheduler with a stable id (every
 * instance upserts the same one, so there is one schedule however many
 * instances run) and a worker that settles stale purchases. Two runs at once
 * are harmless: they lease different purchases, and every step is idempotent.
 */
export class PurchaseRecoveryJob {
  readonly queue: Queue;
  private readonly worker: Worker;
  private readonly name: string;

  constructor(private readonly options: PurchaseRecoveryJobOptions) {
    this.name = purchaseRecoveryQueue(options.saga.merchant);
    const connection: ConnectionOptions = { url: options.redisUrl, maxRetriesPerRequest: null };
    const prefix = bullPrefix(options.redisPrefix);
    this.queue = new Queue(this.name, { connection, prefix });
    this.worker = new Worker(this.name, () => this.runOnce(), { connection, prefix, concurrency: 1, autorun: false });
    const onError = (err: Error) => options.logger.warn({ err, queue: this.name }, 'purchase recovery queue connection problem');
    this.queue.on('error', onError);
    this.worker.on('error', onError);
    this.worker.on('failed', (job, err) => options.logger.warn({ jobId: job?.id, err }, 'purchase recovery run failed'));
  }

  async start(): Promise<void> {
    await this.queue.upsertJobScheduler(
      this.name,
      { every: this.options.everyMs ?? 30_000 },
      { name: RECOVER_JOB, data: {}, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 500 } } },
    );
    void this.worker.run();
    await this.worker.waitUntilReady();
  }

  /** One recovery run, as the scheduled job does it; also purges expired request keys. */
  async runOnce(): Promise<RecoveryReport> {
    const report = await this.options.saga.recoverStale({ olderThanMs: this.options.graceMs ?? 60_000 });
    await this.options.saga.purgeRequestKeys();
    return report;
  }

  /** Answers only when Redis does (readiness). */
  async ping(): Promise<void> {
    await this.queue.isPaused();
  }

  async close(): Promise<void> {
    // The worker first: it finishes the run in progress, then the connections close.
    await this.worker.close();
    await this.queue.close();
  }
}

/**
 * Starts a service's purchase recovery job when PURCHASE_RECOVERY_ENABLED,
 * with a Redis readiness check and a clean stop on shutdown.
 */
export async function startPurchaseRecovery(
  service: Pick<Service, 'logger' | 'addReadinessCheck' | 'onShutdown'>,
  saga: PurchaseSaga<any, any>,
  config: PurchaseConfig & { REDIS_URL: string; REDIS_PREFIX: string },
): Promise<PurchaseRecoveryJob | undefined> {
  if (!config.PURCHASE_RECOVERY_ENABLED) return undefined;
  const recovery = new PurchaseRecoveryJob({
    saga,
    redisUrl: config.REDIS_URL,
    redisPrefix: config.REDIS_PREFIX,
    logger: service.logger,
    everyMs: config.PURCHASE_RECOVERY_INTERVAL_MS,
    graceMs: config.PURCHASE_RECOVERY_GRACE_MS,
  });
  await recovery.start();
  service.addReadinessCheck('redis', () => recovery.ping());
  service.onShutdown('purchase-recovery', () => recovery.close());
  return recovery;
}
