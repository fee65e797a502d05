/**
 * Requests waiting for their orders to be in a written snapshot. A request
 * waits for `target`, the highest order sequence number it needs; a written
 * snapshot covering sequence `writtenSeq` releases every waiter at or below it.
 */
export interface WrittenSnapshot {
  version: number;
  total: number;
}

export interface Waiter {
  target: number;
  resolve(written: WrittenSnapshot): void;
  reject(error: Error): void;
}

export class WaiterSet {
  private readonly waiters = new Set<Waiter>();

  get size(): number {
    return this.waiters.size;
  }

  add(waiter: Waiter): void {
    this.waiters.add(waiter);
  }

  remove(waiter: Waiter): void {
    this.waiters.delete(waiter);
  }

  /** Releases the waiters a snapshot covers; version 0 means nothing was ever written. */
  release(snapshot: { version: number; writtenSeq: number; orderCount: number }): number {
    if (snapshot.version === 0) return 0;
    let released = 0;
    for (const waiter of this.waiters) {
      if (waiter.target > snapshot.writtenSeq) continue;
      this.waiters.delete(waiter);
      waiter.resolve({ version: snapshot.version, total: snapshot.orderCount });
      released++;
    }
    return released;
  }

  rejectAll(error: Error): void {
    for (const waiter of this.waiters) waiter.reject(error);
    this.waiters.clear();
  }
}
