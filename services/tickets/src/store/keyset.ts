import { DomainError } from '@platform/contracts';
import { decodeCursor } from '@platform/service-kit';

/** Keyset position (time, id) of the last item of a page; pageOf() encodes it as [iso time, id]. */
export interface TimePosition {
  at: Date;
  id: string;
}

export const timeKey = (at: Date, id: string): [string, string] => [at.toISOString(), id];

export function decodeTimeCursor(cursor: string | undefined): TimePosition | undefined {
  const key = decodeCursor(cursor, 2);
  if (!key) return undefined;
  const at = new Date(String(key[0]));
  if (Number.isNaN(at.getTime()) || typeof key[1] !== 'string') {
    throw new DomainError('VALIDATION_FAILED', 'cursor: is not a cursor returned by this endpoint', { field: 'cursor' });
  }
  return { at, id: key[1] };
}
