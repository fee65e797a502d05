import { DomainError } from '@platform/contracts';
import { essence, isGenericType } from './content-type.js';

export interface Declared {
  /** Null when the client declared no size: only the limit applies. */
  size: number | null;
  contentType: string;
  /** The upload URL signed the type; else it was inferred from the filename. */
  contentTypeSigned: boolean;
}

export interface Stored {
  size: number;
  contentType: string;
}

/** Why an upload is refused at registration: 409 (not what was declared), 413 (too large), 415 (type not allowed). */
export type Refusal = DomainError;

/**
 * Checks what the store holds against what was declared and the limits, and
 * decides the type the object is registered (and served) with. Returns the
 * registered type, or throws the refusal (the caller deletes the upload).
 *  - declared size: must match exactly (409); undeclared: at most `maxBytes` (413);
 *  - signed type: must match (409); inferred: a specific type the PUT carried
 *    must be allowed (415) and wins; a generic or missing one takes the inferred type.
 */
export function registeredType(declared: Declared, stored: Stored, limits: { maxBytes: number; allowedTypes: readonly string[] }): string {
  if (declared.size !== null && stored.size !== declared.size) {
    throw new DomainError(
      'CONFLICT',
      `Upload refused: the uploaded file has ${stored.size} bytes, ${declared.size} were declared; it was deleted, upload it again`,
      {
        field: 'object_id',
      },
    );
  }
  if (declared.size === null && stored.size > limits.maxBytes) {
    throw new DomainError('PAYLOAD_TOO_LARGE', `Upload refused: the uploaded file has ${stored.size} bytes, more than ${limits.maxBytes}; it was deleted`, {
      field: 'size',
      details: { maxBytes: limits.maxBytes, size: stored.size },
    });
  }
  if (declared.contentTypeSigned) {
    if (essence(stored.contentType) !== essence(declared.contentType)) {
      throw new DomainError(
        'CONFLICT',
        `Upload refused: the uploaded file is ${stored.contentType || 'untyped'}, ${declared.contentType} was declared; it was deleted, upload it again`,
        { field: 'object_id' },
      );
    }
    return declared.contentType;
  }
  if (isGenericType(stored.contentType)) return declared.contentType;
  const type = essence(stored.contentType);
  if (!limits.allowedTypes.includes(type)) {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `Upload refused: the file was uploaded as ${type}, which is not accepted; it was deleted`, {
      field: 'contentType',
    });
  }
  return type;
}
