import { randomUUID } from 'node:crypto';
import type { TestApi } from '@platform/testkit';

export interface Fan {
  token: string;
  user: { id: string };
}

export interface SendRecord {
  idempotencyKey: string;
  from: Fan;
  to: Fan;
  gateway: number;
  startedAt: number;
  endedAt?: number;
  /** HTTP status; 0 when the connection itself failed. */
  status?: number;
}

export const SEND_AMOUNT_MINOR = 100;

/** One wallet send of 1.00 through a gateway, with its own Idempotency-Key so it can be retried safely. */
export async function send(api: TestApi, from: Fan, to: Fan, idempotencyKey: string): Promise<number> {
  try {
    const res = await api.post('/api/wallet/send', { recipientId: to.user.id, amount: SEND_AMOUNT_MINOR / 100 }, from.token, {
      'idempotency-key': idempotencyKey,
    });
    return res.status;
  } catch {
    return 0;
  }
}

/**
 * Wallet sends in a ring of fans (each sends to the next, so balances stay
 * level), `concurrency` at a time, alternating between the gateways, until
 * stopped. Every request's start and end are kept: which ones were in flight
 * at a given instant is then exact.
 */
export class SendLoad {
  readonly records: SendRecord[] = [];
  private running = true;
  private readonly workers: Promise<void>[];

  constructor(
    private readonly gateways: TestApi[],
    private readonly fans: Fan[],
    private readonly concurrency: number,
  ) {
    this.workers = Array.from({ length: concurrency }, (_, worker) => this.work(worker));
  }

  completed(): SendRecord[] {
    return this.records.filter((record) => record.endedAt !== undefined);
  }

  /** Stops starting new sends and waits for those in flight to end (a lost one ends at its 15 s deadline). */
  async stop(): Promise<SendRecord[]> {
    this.running = false;
    await Promise.all(this.workers);
    return this.records;
  }

  private async work(worker: number): Promise<void> {
    for (let turn = 0; this.running; turn++) {
      const index = (worker + turn * this.concurrency) % this.fans.length;
      const record: SendRecord = {
        idempotencyKey: `scale-out-${randomUUID()}`,
        from: this.fans[index],
        to: this.fans[(index + 1) % this.fans.length],
        gateway: (worker + turn) % this.gateways.length,
        startedAt: performance.now(),
      };
      this.records.push(record);
      record.status = await send(this.gateways[record.gateway], record.from, record.to, record.idempotencyKey);
      record.endedAt = performance.now();
    }
  }
}
