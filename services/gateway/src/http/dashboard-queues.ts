import type { BaseAdapter } from '@bull-board/api/baseAdapter';
import { bullPrefix, JOB_QUEUES } from '@platform/contracts';
import type { Logger } from '@platform/service-kit';
import type { Queue } from 'bullmq';

export interface DashboardQueuesOptions {
  redisUrl: string;
  redisPrefix: string;
  logger: Logger;
  /** Hands the opened queues to bull-board. */
  show: (queues: readonly BaseAdapter[]) => void;
}

/** A Redis that does not answer must not hold the gateway's shutdown: past this the connection is dropped. */
const CLOSE_WITHIN_MS = 2_000;

/**
 * The queues the job dashboard shows, opened on the first admin request rather
 * than at start: BullMQ and bull-board's adapter for it cost about 4 MB of heap
 * and one Redis connection per queue, which a gateway nobody is looking at the
 * dashboard of does not need (docs/performance.md, "Mixed load profile").
 */
export class DashboardQueues {
  private opening: Promise<void> | undefined;
  private queues: Queue[] = [];

  constructor(private readonly options: DashboardQueuesOptions) {}

  /** Opens the queues once; every later call waits for that. */
  open(): Promise<void> {
    this.opening ??= this.openAll().catch((error) => {
      this.opening = undefined; // the next admin request tries again
      throw error;
    });
    return this.opening;
  }

  async close(): Promise<void> {
    await this.opening?.catch(() => undefined);
    await Promise.all(this.queues.map((queue) => closeWithin(queue, CLOSE_WITHIN_MS)));
  }

  private async openAll(): Promise<void> {
    const [{ Queue }, { BullMQAdapter }] = await Promise.all([import('bullmq'), import('@bull-board/api/bullMQAdapter')]);
    const { redisUrl, redisPrefix, logger } = this.options;
    // The dashboard only looks at queues their services own: skipMetasUpdate keeps it from writing queue metadata.
    this.queues = JOB_QUEUES.map((name) => new Queue(name, { connection: { url: redisUrl }, prefix: bullPrefix(redisPrefix), skipMetasUpdate: true }));
    for (const queue of this.queues) queue.on('error', (err) => logger.debug({ err }, 'job dashboard queue connection problem'));
    this.options.show(this.queues.map((queue) => new BullMQAdapter(queue)));
  }
}

const closeWithin = (queue: Queue, ms: number) =>
  Promise.race([queue.close(), new Promise<void>((resolve) => setTimeout(resolve, ms).unref()).then(() => queue.disconnect())]);
