import { DomainError, type Identity, notFound } from '@platform/contracts';
import { requireOwner } from '../domain/access.js';
import { uploadMismatch } from '../domain/upload-check.js';
import type { StoredObject } from '../store/objects.js';
import type { StorageDeps } from './deps.js';

/** The contract's view of an object. */
export function objectView(object: StoredObject, deps: StorageDeps) {
  const isPublic = object.status === 'confirmed' && object.visibility === 'public';
  return {
    object_id: object.id,
    key: object.key,
    filename: object.filename,
    content_type: object.contentType,
    size: Number(object.size),
    status: object.status as 'pending' | 'confirmed',
    visibility: object.visibility as 'private' | 'public',
    owner_id: object.ownerId,
    asset_id: object.assetId,
    variant: object.variant,
    created_at: object.createdAt.toISOString(),
    confirmed_at: object.confirmedAt?.toISOString() ?? null,
    public_url: isPublic ? (deps.storage.publicUrl(object.key) ?? null) : null,
  };
}

/** What a client needs for one PUT: the seed's {upload_url, key, expires_in} and the headers the signature covers. */
export async function presignedUpload(object: StoredObject, deps: StorageDeps) {
  const expiresIn = deps.config.STORAGE_UPLOAD_URL_TTL_SECONDS;
  const size = Number(object.size);
  return {
    upload_url: await deps.storage.presignPut(object.key, object.contentType, size, expiresIn),
    key: object.key,
    expires_in: expiresIn,
    object_id: object.id,
    method: 'PUT' as const,
    headers: { 'Content-Type': object.contentType, 'Content-Length': String(size) },
    expires_at: new Date(Date.now() + expiresIn * 1000).toISOString(),
  };
}

/** The object of `id` that `user` owns, or 404/403 (see requireOwner). */
export async function ownedObject(deps: StorageDeps, id: string, user: Identity | undefined, options: { adminToo?: boolean } = {}): Promise<StoredObject> {
  const object = await deps.objects.find(id);
  if (!object) throw notFound('Object');
  requireOwner(object, user, 'Object', options);
  return object;
}

/**
 * Checks the stored object against the declaration (HEAD: size and type), then
 * confirms it with its evt.storage.object.created. A mismatching object is
 * deleted; the row stays pending so the client can upload again.
 */
export async function verifyAndConfirm(object: StoredObject, deps: StorageDeps): Promise<StoredObject> {
  const stored = await deps.storage.head(object.key);
  if (!stored) throw new DomainError('CONFLICT', 'The file has not been uploaded yet: PUT it to upload_url first', { field: 'object_id' });
  const mismatch = uploadMismatch({ size: Number(object.size), contentType: object.contentType }, stored);
  if (mismatch) {
    await deps.storage.delete(object.key);
    throw new DomainError('CONFLICT', `Upload refused: ${mismatch}; it was deleted, upload it again`, { field: 'object_id' });
  }
  return deps.objects.confirm(object.id);
}
