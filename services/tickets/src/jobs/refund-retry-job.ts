import { bullPrefix, QUEUES } from '@platform/contracts';
import type { Logger } from '@platform/service-kit';
import { type ConnectionOptions, Queue, Worker } from 'bullmq';
import type { TicketRefunds } from './ticket-refunds.js';

export const REFUND_QUEUE = QUEUES.ticketsRefunds;
const REFUND_JOB = 'refund-cancelled-tickets';

/**
 * BullMQ queue that refunds cancelled tickets: on a schedule (stable scheduler
 * id, so one schedule however many instances run) as the safety net, and on
 * demand right after an event is cancelled.
 */
export class RefundRetryJob {
  readonly queue: Queue;
  private readonly worker: Worker;

  constructor(private readonly options: { refunds: TicketRefunds; redisUrl: string; redisPrefix: string; everyMs: number; logger: Logger }) {
    const connection: ConnectionOptions = { url: options.redisUrl, maxRetriesPerRequest: null };
    // Same key prefix as every queue of the platform, so the dashboard and the test clean-up find it.
    const prefix = bullPrefix(options.redisPrefix);
    this.queue = new Queue(REFUND_QUEUE, { connection, prefix });
    this.worker = new Worker(REFUND_QUEUE, () => options.refunds.refundAllDue(), { connection, prefix, concurrency: 1, autorun: false });
    const onError = (err: Error) => options.logger.warn({ err, queue: REFUND_QUEUE }, 'refund queue connection problem');
    this.queue.on('error', onError);
    this.worker.on('error', onError);
    this.worker.on('failed', (job, err) => options.logger.warn({ jobId: job?.id, err }, 'ticket refund run failed'));
  }

  async start(): Promise<void> {
    await this.queue.upsertJobScheduler(
      REFUND_QUEUE,
      { every: this.options.everyMs },
      { name: REFUND_JOB, data: {}, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 500 } } },
    );
    void this.worker.run();
    await this.worker.waitUntilReady();
  }

  /** Runs a refund pass soon; triggers arriving while one is queued fold into it. */
  async trigger(): Promise<void> {
    await this.queue.add(REFUND_JOB, {}, { deduplication: { id: 'refund-now' }, removeOnComplete: { count: 100 }, removeOnFail: { count: 500 } });
  }

  async close(): Promise<void> {
    await this.worker.close();
    await this.queue.close();
  }
}
