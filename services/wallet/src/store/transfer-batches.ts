import { DomainError } from '@platform/contracts';
import type { Pool, PoolClient } from 'pg';
import { postTransferStatement, postTransfersStatement, type TransferRecord } from './transfer-record.js';

/** What post_transfer() returns for one record (its shapes are in wallet migration 0002). */
export type PostResult = { status: string; response?: unknown };

export interface TransferBatchOptions {
  /** post_transfer(s) calls in flight at once; records arriving while all are busy wait and leave together. */
  concurrency: number;
  /** The most records one post_transfers() call takes. */
  maxBatch: number;
  /** Told the number of records of every call made (the wallet's batch-size histogram on /metrics). */
  onCall?: (records: number) => void;
}

interface Pending {
  record: TransferRecord;
  signal?: AbortSignal;
  resolve: (result: PostResult) => void;
  reject: (error: unknown) => void;
}

/** Deadlock and serialization failures: the whole call rolled back, so it is safe to run again. */
const RETRYABLE = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 5;

const isRetryable = (error: unknown) => RETRYABLE.has((error as { code?: string }).code ?? '');

/**
 * Group commit for transfers (docs/decisions/0965). A record is posted at once
 * while a call slot is free, so an idle wallet adds no wait. When every slot
 * is busy, records queue and the next free slot posts them all in one
 * post_transfers() call: one transaction, one commit and one round trip for
 * the lot, which is where most of a transfer's PostgreSQL CPU went. Each
 * record keeps its own outcome; a record that makes the whole call fail is
 * found by posting the batch's records one by one.
 */
export class TransferBatches {
  private readonly queue: Pending[] = [];
  private inFlight = 0;
  private readonly single: { name: string; text: string };
  private readonly many: { name: string; text: string };

  constructor(
    private readonly pool: Pool,
    quotedSchema: string,
    statementSuffix: string,
    private readonly options: TransferBatchOptions,
  ) {
    // Named statements are parsed and planned once per connection.
    this.single = { name: `post_transfer_record_${statementSuffix}`.slice(0, 63), text: postTransferStatement(quotedSchema) };
    this.many = { name: `post_transfers_${statementSuffix}`.slice(0, 63), text: postTransfersStatement(quotedSchema) };
  }

  /** Posts one record with others waiting at the same time. A refund is posted alone (`alone`): post_transfers() refuses it. */
  post(record: TransferRecord, options: { signal?: AbortSignal; alone?: boolean } = {}): Promise<PostResult> {
    return new Promise((resolve, reject) => {
      const pending = { record, signal: options.signal, resolve, reject };
      if (options.alone) {
        void this.postAll([pending]);
        return;
      }
      this.queue.push(pending);
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.inFlight < this.options.concurrency && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.inFlight++;
      void this.postAll(batch).finally(() => {
        this.inFlight--;
        this.dispatch();
      });
    }
  }

  /** Settles every pending record: with its result, or with the error that stopped it. Never rejects. */
  private async postAll(batch: Pending[]): Promise<void> {
    let live = batch;
    for (let attempt = 1; ; attempt++) {
      let failure: unknown;
      let client: PoolClient | undefined;
      try {
        client = await this.pool.connect();
        // The caller has been answered 504 already: moving the money now would surprise it.
        live = live.filter((pending) => {
          if (!pending.signal?.aborted) return true;
          pending.reject(new DomainError('DEADLINE_EXCEEDED', 'The transfer was not made: its deadline passed while it waited'));
          return false;
        });
        if (live.length === 0) return;
        const results = await this.call(client, live);
        for (const [index, pending] of live.entries()) pending.resolve(results[index]);
        return;
      } catch (error) {
        failure = error;
      } finally {
        client?.release();
      }
      if (isRetryable(failure) && attempt < MAX_ATTEMPTS) {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
        continue;
      }
      if (live.length === 1) {
        live[0].reject(failure);
        return;
      }
      // One record can fail the whole call (a bug, or a value PostgreSQL refuses): the others still go through.
      for (const pending of live) await this.postAll([pending]);
      return;
    }
  }

  private async call(client: PoolClient, batch: Pending[]): Promise<PostResult[]> {
    this.options.onCall?.(batch.length);
    if (batch.length === 1) {
      const { rows } = await client.query({ ...this.single, values: [JSON.stringify(batch[0].record)] });
      return [rows[0].result];
    }
    const { rows } = await client.query({ ...this.many, values: [JSON.stringify(batch.map((pending) => pending.record))] });
    return rows[0].results;
  }
}
