/** Where the last committed read of a table stopped, in the export's (updated_at, id) order. */
export interface TableCursor {
  updatedAt: string;
  id: number;
}

export interface TableCounts {
  fetched: number;
  inserted: number;
  updated: number;
}

export const emptyCounts = (): TableCounts => ({ fetched: 0, inserted: 0, updated: 0 });

/**
 * The first instant an incremental read asks for: the saved cursor minus an
 * overlap. A Template transaction that started before the last read but
 * committed after it carries an updated_at behind the cursor; reading a
 * little before the cursor catches it. Rows read twice cost nothing: an
 * unchanged row is not written again.
 */
export function readFrom(cursor: TableCursor | undefined, overlapMs: number): string | undefined {
  if (!cursor) return undefined;
  return new Date(Date.parse(cursor.updatedAt) - overlapMs).toISOString();
}

/** The later of two cursors (rows arrive in order, but a full re-read may end before the saved one). */
export function laterCursor(a: TableCursor | undefined, b: TableCursor | undefined): TableCursor | undefined {
  if (!a) return b;
  if (!b) return a;
  const ta = Date.parse(a.updatedAt);
  const tb = Date.parse(b.updatedAt);
  return tb > ta || (tb === ta && b.id > a.id) ? b : a;
}

export const sameCursor = (a: TableCursor | undefined, b: TableCursor | undefined): boolean =>
  a?.id === b?.id && (a === undefined || Date.parse(a.updatedAt) === Date.parse(b!.updatedAt));
