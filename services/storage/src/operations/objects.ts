import { DomainError, notFound, storage } from '@platform/contracts';
import { decodeCursor, pageOf, type HandlersOf } from '@platform/service-kit';
import { requireReadable } from '../domain/access.js';
import { currentPlace, finalPlace, uploadPlace } from '../domain/places.js';
import type { StorageDeps } from './deps.js';
import { objectView, ownedObject } from './views.js';

/** Reading and deleting objects: public ones by anyone, private ones by their owner and administrators. */
export function objectHandlers(deps: StorageDeps) {
  const readableObject = async (id: string, user: Parameters<typeof requireReadable>[1]) => {
    const object = await deps.objects.find(id);
    if (!object) throw notFound('Object');
    requireReadable(object, user, 'Object');
    return object;
  };
  const requireConfirmed = (status: string) => {
    if (status !== 'confirmed') throw new DomainError('CONFLICT', 'The upload of this object is not confirmed yet', { field: 'object_id' });
  };

  return {
    [storage.listObjects.name]: async (input, ctx) => {
      const key = decodeCursor(input.cursor, 2);
      const after = key ? { createdAt: new Date(String(key[0])), id: String(key[1]) } : undefined;
      const rows = await deps.objects.pageOfOwner(ctx.user!.id, input.limit, { status: input.status, after });
      const page = pageOf(rows, input.limit, (o) => [o.createdAt.toISOString(), o.id]);
      return { objects: page.items.map((o) => objectView(o, deps)), nextCursor: page.nextCursor };
    },

    [storage.getObject.name]: async (input, ctx) => objectView(await readableObject(input.object_id, ctx.user), deps),

    [storage.getDownloadUrl.name]: async (input, ctx) => {
      const object = await readableObject(input.object_id, ctx.user);
      requireConfirmed(object.status);
      const publicUrl = object.visibility === 'public' ? deps.storage.publicUrl(object.key) : undefined;
      if (publicUrl) return { object_id: object.id, url: publicUrl, kind: 'public' as const, expires_in: null };
      const expiresIn = deps.config.STORAGE_DOWNLOAD_URL_TTL_SECONDS;
      return {
        object_id: object.id,
        url: await deps.storage.presignGet(finalPlace(object), object.filename, expiresIn),
        kind: 'presigned' as const,
        expires_in: expiresIn,
      };
    },

    [storage.downloadObject.name]: async (input, ctx) => {
      const object = await readableObject(input.object_id, ctx.user);
      requireConfirmed(object.status);
      const limit = deps.config.STORAGE_INLINE_DOWNLOAD_MAX_BYTES;
      if (Number(object.size ?? 0) > limit) {
        throw new DomainError('PAYLOAD_TOO_LARGE', `The object has ${object.size} bytes; downloads through the service stop at ${limit}: use download-url`, {
          field: 'object_id',
        });
      }
      const bytes = await deps.storage.bytes(finalPlace(object));
      return {
        object_id: object.id,
        filename: object.filename,
        content_type: object.contentType,
        size: bytes.length,
        content_base64: bytes.toString('base64'),
      };
    },

    [storage.deleteObject.name]: async (input, ctx) => {
      const object = await ownedObject(deps, input.object_id, ctx.user, { adminToo: true });
      if (object.uploadId) await deps.storage.abortMultipart(uploadPlace(object).key, object.uploadId);
      // The bytes go first: if the row removal fails, a retry finds the row and deletes again (deletes are idempotent).
      await deps.storage.delete(currentPlace(object));
      if (object.status === 'confirmed' && object.staged) await deps.storage.delete(uploadPlace(object)); // a re-PUT after registration
      await deps.objects.remove(object, ctx.user!.id);
      return { object_id: object.id, deleted: true as const };
    },
  } satisfies HandlersOf<'storage'>;
}
