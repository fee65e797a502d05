import { randomUUID } from 'node:crypto';
import { DomainError, storage } from '@platform/contracts';
import type { HandlersOf } from '@platform/service-kit';
import { inferContentType } from '../domain/content-type.js';
import { sanitizeFilename } from '../domain/filename.js';
import { uploadKey } from '../domain/keys.js';
import { bucketFor } from '../domain/places.js';
import { checkContentType, checkSize } from '../domain/upload-policy.js';
import type { StorageDeps } from './deps.js';
import { objectView, ownedObject, presignedUpload, verifyAndConfirm } from './views.js';

/** Single-PUT uploads under uploads/<user_id>/ (seed 001's upload-url endpoint) and their confirmation. */
export function uploadHandlers(deps: StorageDeps) {
  return {
    [storage.createUploadUrl.name]: async (input, ctx) => {
      const user = ctx.user!;
      // Seed 001's body is {filename} alone: the type then comes from the extension, and what is
      // not given is not signed (the seed's plain PUT works); registration checks the real file.
      const contentType = input.contentType ?? inferContentType(input.filename);
      checkContentType(deps.config.STORAGE_ALLOWED_CONTENT_TYPES, contentType);
      if (input.size !== undefined) checkSize(deps.config.STORAGE_MAX_UPLOAD_BYTES, input.size, '; upload larger files with /api/v1/storage/multipart');
      const id = randomUUID();
      const object = await deps.objects.create({
        id,
        key: uploadKey(user.id, id, input.filename),
        ownerId: user.id,
        filename: sanitizeFilename(input.filename),
        contentType,
        contentTypeSigned: input.contentType !== undefined,
        size: input.size,
        visibility: input.visibility,
        bucket: bucketFor(input.visibility),
      });
      return presignedUpload(object, deps);
    },

    [storage.confirmUpload.name]: async (input, ctx) => {
      const object = await ownedObject(deps, input.object_id, ctx.user);
      if (object.status === 'confirmed') return objectView(object, deps);
      if (object.uploadId) throw new DomainError('CONFLICT', 'This is a multipart upload: complete it instead', { field: 'object_id' });
      return objectView(await verifyAndConfirm(object, deps), deps);
    },
  } satisfies HandlersOf<'storage'>;
}
