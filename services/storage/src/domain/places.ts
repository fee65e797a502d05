import { stagingKey } from './keys.js';

/** The two buckets (docs/decisions/0920). */
export type BucketRole = 'public' | 'private';

export interface Place {
  bucket: BucketRole;
  key: string;
}

export interface PlacedObject {
  id: string;
  key: string;
  filename: string;
  bucket: string;
  staged: boolean;
  status: string;
}

/** Public objects are served from the public bucket (the CDN's); everything else stays private. */
export const bucketFor = (visibility: string): BucketRole => (visibility === 'public' ? 'public' : 'private');

/** Where an upload URL (or a multipart upload) writes the object's bytes before registration. */
export function uploadPlace(object: PlacedObject): Place {
  // Rows from before the two buckets uploaded straight to their key.
  return object.staged ? { bucket: 'private', key: stagingKey(object.id, object.filename) } : finalPlace(object);
}

/** Where a registered object lives and is served from. */
export function finalPlace(object: PlacedObject): Place {
  return { bucket: object.bucket === 'private' ? 'private' : 'public', key: object.key };
}

/** Where the object's bytes are now. */
export const currentPlace = (object: PlacedObject): Place => (object.status === 'confirmed' ? finalPlace(object) : uploadPlace(object));
