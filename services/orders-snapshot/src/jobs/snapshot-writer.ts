import { setTimeout as sleep } from 'node:timers/promises';
import { DomainError, ordersSnapshot } from '@platform/contracts';
import type { Logger } from '@platform/service-kit';
import type pg from 'pg';
import { snapshotDocument } from '../domain/snapshot-document.js';
import { type Waiter, WaiterSet, type WrittenSnapshot } from '../domain/waiters.js';
import type { SnapshotCounters } from '../metrics.js';
import { type SnapshotBucket, SnapshotPreconditionFailed, type WritePrecondition } from '../store/snapshot-bucket.js';
import { lastWrittenSnapshot, SnapshotTurn } from '../store/snapshot-state.js';

export interface SnapshotWriterOptions {
  /** Never write one event's object more often than this (R2: ~1 write/s per key). */
  minWriteIntervalMs: number;
  /** Linger after the first waiting request so that concurrent posts share a write. */
  batchWindowMs: number;
  /** Guard writes with If-Match / If-None-Match. */
  conditionalWrites: boolean;
}

interface EventQueue {
  waiters: WaiterSet;
  running: boolean;
  /** The last conditional write was refused: read the object's ETag again before the next one. */
  resync: boolean;
}

/**
 * Group commit of event snapshots. Requests append their orders to the log
 * (Postgres) and wait here; one loop per event and per instance takes the
 * event's writer turn (a row lock, so one writer across instances), writes every
 * order logged so far in ONE object write, records it, and releases every
 * request the write covers. Requests arriving during a write join the next one.
 */
export class SnapshotWriter {
  private readonly queues = new Map<string, EventQueue>();
  private stopped = false;

  constructor(private readonly deps: { pool: pg.Pool; bucket: SnapshotBucket; logger: Logger; counters: SnapshotCounters; options: SnapshotWriterOptions }) {}

  /** Resolves once a written snapshot of the event contains every order up to `target`. */
  async waitForSnapshot(eventId: string, target: number, signal: AbortSignal): Promise<WrittenSnapshot> {
    if (this.stopped) throw new DomainError('SERVICE_UNAVAILABLE', 'The service is shutting down; retry');
    // A repost of orders already written is answered from the latest record, without waiting for a turn.
    const latest = await lastWrittenSnapshot(this.deps.pool, eventId);
    if (latest && latest.version > 0 && target <= latest.writtenSeq) return { version: latest.version, total: latest.orderCount };
    let queue = this.queues.get(eventId);
    if (!queue) {
      queue = { waiters: new WaiterSet(), running: false, resync: false };
      this.queues.set(eventId, queue);
    }
    const events = queue;
    return new Promise<WrittenSnapshot>((resolve, reject) => {
      const waiter: Waiter = { target, resolve, reject };
      // The caller gave up (deadline): its orders stay logged and go out with the next write.
      signal.addEventListener('abort', () => events.waiters.remove(waiter), { once: true });
      events.waiters.add(waiter);
      if (!events.running) void this.drain(eventId, events);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const queue of this.queues.values()) queue.waiters.rejectAll(new DomainError('SERVICE_UNAVAILABLE', 'The service is shutting down; retry'));
  }

  private async drain(eventId: string, queue: EventQueue): Promise<void> {
    queue.running = true;
    let failures = 0;
    try {
      while (queue.waiters.size > 0 && !this.stopped) {
        if (this.deps.options.batchWindowMs > 0) await sleep(this.deps.options.batchWindowMs);
        try {
          const pauseMs = await this.takeTurn(eventId, queue);
          failures = 0;
          if (pauseMs > 0) await sleep(pauseMs);
        } catch (error) {
          failures++;
          this.deps.logger.warn({ err: error, eventId, failures }, 'snapshot write failed; will retry');
          await sleep(Math.min(5_000, 50 * 2 ** failures));
        }
      }
    } finally {
      queue.running = false;
      if (queue.waiters.size === 0) this.queues.delete(eventId);
    }
  }

  /** One turn: release what is already written, else write. Returns how long to pause before the next turn. */
  private async takeTurn(eventId: string, queue: EventQueue): Promise<number> {
    const turn = await SnapshotTurn.take(this.deps.pool, eventId);
    const { state } = turn;
    queue.waiters.release(state); // another instance may already have written what our requests wait for
    if (queue.waiters.size === 0) {
      await turn.release();
      return 0;
    }
    const { minWriteIntervalMs } = this.deps.options;
    if (state.sinceLastWriteMs !== null && state.sinceLastWriteMs < minWriteIntervalMs) {
      await turn.release();
      return minWriteIntervalMs - state.sinceLastWriteMs;
    }
    let written: { version: number; writtenSeq: number; orderCount: number; etag: string | null; generatedAt: string };
    try {
      let version = state.version + 1;
      let precondition: WritePrecondition;
      if (this.deps.options.conditionalWrites) {
        // After a refused write, the object is trusted over our record: overwrite what is there now, above its version.
        const current = queue.resync ? await this.deps.bucket.current(eventId) : undefined;
        if (queue.resync) version = Math.max(version, (current?.version ?? 0) + 1);
        const etag = queue.resync ? current?.etag : (state.etag ?? undefined);
        precondition = etag ? { ifMatch: etag } : { ifNoneMatch: '*' };
      }
      const { head, orders } = await turn.loggedOrders();
      const { document, body } = snapshotDocument(eventId, version, orders, new Date());
      const etag = await this.deps.bucket.write(eventId, body, version, precondition);
      this.deps.counters.objectWrites++;
      queue.resync = false;
      written = { version, writtenSeq: head, orderCount: orders.length, etag, generatedAt: document.generated_at };
    } catch (error) {
      if (error instanceof SnapshotPreconditionFailed) {
        this.deps.counters.writeConflicts++;
        queue.resync = true;
      }
      await turn.release();
      throw error;
    }
    // If this commit fails, the object is ahead of our record: the next conditional write is refused and resyncs.
    await turn.recordWrite({ ...written, key: ordersSnapshot.snapshotObjectKey(eventId) });
    queue.waiters.release(written);
    return 0;
  }
}
