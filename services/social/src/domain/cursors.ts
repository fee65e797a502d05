import { DomainError } from '@platform/contracts';
import { decodeCursor } from '@platform/service-kit';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const badCursor = () => new DomainError('VALIDATION_FAILED', 'cursor: is not a cursor returned by this endpoint', { field: 'cursor' });

const positiveInteger = (value: string | number | undefined): number => {
  const n = typeof value === 'number' ? value : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 0) throw badCursor();
  return n;
};

/**
 * Cursors are opaque to clients but not trusted: a hand-made one whose values
 * would not cast in SQL is a 400 naming `cursor`, never a 500.
 */
export function seqCursor(cursor: string | undefined): number | undefined {
  const key = decodeCursor(cursor, 1);
  return key ? positiveInteger(key[0]) : undefined;
}

export function seqAndIdCursor(cursor: string | undefined): { seq: number; id: string } | undefined {
  const key = decodeCursor(cursor, 2);
  if (!key) return undefined;
  const id = key[1];
  if (typeof id !== 'string' || !UUID.test(id)) throw badCursor();
  return { seq: positiveInteger(key[0]), id };
}

/** A follow list position: when it was followed (ISO text), then kind and id. */
export function followCursor(cursor: string | undefined): { since: Date; kind: string; id: string } | undefined {
  const key = decodeCursor(cursor, 3);
  if (!key) return undefined;
  const [since, kind, id] = key;
  const at = typeof since === 'string' ? new Date(since) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime()) || (kind !== 'user' && kind !== 'club') || typeof id !== 'string' || id.length > 64) throw badCursor();
  return { since: at, kind, id };
}
