interface Row {
  requests: number;
  accepted: number;
  refused: number;
  statuses: Map<number, number>;
}

/**
 * What a hostile suite sent and how the platform answered, for the figures
 * in docs/reliability.md: printed as tables at the end of a file, never asserted.
 */
export class FuzzTally {
  private readonly byKind = new Map<string, Row>();
  private readonly operations = new Set<string>();
  private busyRetries = 0;
  private slowestMs = 0;
  private slowest = '';
  private readonly startedAt = Date.now();

  record(entry: { operation: string; kind: string; status: number; elapsedMs: number; retriedBusy: number }): void {
    this.operations.add(entry.operation);
    const row = this.byKind.get(entry.kind) ?? { requests: 0, accepted: 0, refused: 0, statuses: new Map() };
    row.requests++;
    if (entry.status < 400) row.accepted++;
    else row.refused++;
    row.statuses.set(entry.status, (row.statuses.get(entry.status) ?? 0) + 1);
    this.byKind.set(entry.kind, row);
    this.busyRetries += entry.retriedBusy;
    if (entry.elapsedMs > this.slowestMs) {
      this.slowestMs = entry.elapsedMs;
      this.slowest = `${entry.operation} (${entry.kind})`;
    }
  }

  print(title: string): void {
    const rows = [...this.byKind]
      .sort(([a], [b]) => (a === 'valid' ? -1 : b === 'valid' ? 1 : a.localeCompare(b)))
      .map(([kind, row]) => ({
        case: kind,
        requests: row.requests,
        '2xx/3xx': row.accepted,
        '4xx': row.refused,
        statuses: [...row.statuses]
          .sort(([a], [b]) => a - b)
          .map(([status, count]) => `${status}×${count}`)
          .join(' '),
      }));
    const total = rows.reduce((sum, row) => sum + row.requests, 0);
    console.log(
      `\n${title}: ${total} requests over ${this.operations.size} operations in ${Math.round((Date.now() - this.startedAt) / 1000)} s; ` +
        `${this.busyRetries} busy 503/504 retried; slowest answer ${this.slowestMs} ms (${this.slowest})`,
    );
    console.table(rows);
  }
}
