import { DomainError } from '@platform/contracts';
import { decodeCursor, encodeCursor } from '@platform/service-kit';

/** Position in the (updated_at, id) order every export route pages through. */
export interface KeysetPosition {
  updatedAt: string;
  id: number;
}

export interface ExportQuery {
  limit: number;
  offset: number;
  /** Only rows with updated_at >= since. */
  since?: Date;
  /** Only rows strictly after this position. */
  after?: KeysetPosition;
  /** The total counted when paging started, carried by the cursor so later pages need not count again. */
  knownTotal?: number;
}

const badCursor = () => new DomainError('VALIDATION_FAILED', 'cursor: is not a cursor returned by this endpoint', { field: 'cursor' });

/** Turns the contract's already-validated page input into a query. */
export function exportQueryOf(input: { limit: number; offset: number; updated_since?: string; cursor?: string }): ExportQuery {
  const query: ExportQuery = { limit: input.limit, offset: input.offset };
  if (input.updated_since !== undefined) query.since = new Date(input.updated_since);
  const key = decodeCursor(input.cursor, 3);
  if (key) {
    const [updatedAt, id, total] = key;
    const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;
    if (typeof updatedAt !== 'string' || Number.isNaN(Date.parse(updatedAt)) || !isCount(id) || !isCount(total)) throw badCursor();
    query.after = { updatedAt, id };
    query.knownTotal = total;
  }
  return query;
}

/**
 * The cursor after a row: opaque to clients; inside, the row's
 * (updated_at, id) and the total counted on the first page (counting 100k
 * rows on every page would cost more than reading the page).
 */
export const cursorOf = (row: { updated_at: string; id: number }, total: number): string => encodeCursor([row.updated_at, row.id, total]);
