import { DomainError, type Identity, notFound } from '@platform/contracts';
import { requireOwner } from '../domain/access.js';
import { finalPlace, uploadPlace } from '../domain/places.js';
import { registeredType } from '../domain/upload-check.js';
import { isNotFound } from '../store/object-storage.js';
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
    size: Number(object.size ?? 0),
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

/**
 * What a client needs for one PUT: the seed's {upload_url, key, expires_in}
 * and the headers the signature covers (none with seed 001's body: its plain
 * PUT works). `key` is where the object is served once registered; the URL
 * itself writes a staging copy in the private bucket.
 */
export async function presignedUpload(object: StoredObject, deps: StorageDeps) {
  const expiresIn = deps.config.STORAGE_UPLOAD_URL_TTL_SECONDS;
  const size = object.size === null ? undefined : Number(object.size);
  const contentType = object.contentTypeSigned ? object.contentType : undefined;
  const headers: Record<string, string> = {};
  if (contentType !== undefined) headers['Content-Type'] = contentType;
  if (size !== undefined) headers['Content-Length'] = String(size);
  return {
    upload_url: await deps.storage.presignPut(uploadPlace(object).key, { contentType, size }, expiresIn),
    key: object.key,
    expires_in: expiresIn,
    object_id: object.id,
    method: 'PUT' as const,
    headers,
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
 * Registers an upload (confirm, multipart completion): reads what was really
 * uploaded (HEAD), enforces the declaration and the limits (a refused upload
 * is deleted: 409, 413 or 415), copies it from its staging key to its place
 * with metadata set by us, then confirms it with its evt.storage.object.created.
 * A refused object's row stays pending so the client can upload again.
 */
export async function verifyAndConfirm(object: StoredObject, deps: StorageDeps): Promise<StoredObject> {
  const from = uploadPlace(object);
  const to = finalPlace(object);
  const moves = from.bucket !== to.bucket || from.key !== to.key;
  let stored = await deps.storage.head(from);
  // A registration that copied but failed to record: the object already sits at its place.
  const alreadyCopied = !stored && moves ? await deps.storage.head(to) : undefined;
  stored ??= alreadyCopied;
  if (!stored) throw new DomainError('CONFLICT', 'The file has not been uploaded yet: PUT it to upload_url first', { field: 'object_id' });
  const limits = {
    maxBytes: object.partSize !== null ? deps.config.STORAGE_MAX_MULTIPART_BYTES : deps.config.STORAGE_MAX_UPLOAD_BYTES,
    allowedTypes: deps.config.STORAGE_ALLOWED_CONTENT_TYPES,
  };
  let contentType: string;
  try {
    contentType = alreadyCopied
      ? object.contentType
      : registeredType(
          { size: object.size === null ? null : Number(object.size), contentType: object.contentType, contentTypeSigned: object.contentTypeSigned },
          stored,
          limits,
        );
  } catch (refusal) {
    await deps.storage.delete(from);
    throw refusal;
  }
  if (moves && !alreadyCopied) {
    try {
      await deps.storage.register(from, to, { contentType, filename: object.filename });
    } catch (error) {
      if (!isNotFound(error)) throw error;
      // Another confirmation of the same upload copied it first.
      const current = await deps.objects.find(object.id);
      if (current?.status === 'confirmed') return current;
      throw new DomainError('CONFLICT', 'The upload is being confirmed by another request; retry', { field: 'object_id' });
    }
  }
  return deps.objects.confirm(object.id, { size: stored.size, contentType });
}
