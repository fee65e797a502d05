import { randomUUID } from 'node:crypto';
import { DomainError, storage } from '@platform/contracts';
import type { HandlersOf } from '@platform/service-kit';
import { sanitizeFilename } from '../domain/filename.js';
import { uploadKey } from '../domain/keys.js';
import { bucketFor, uploadPlace } from '../domain/places.js';
import { checkCompleteParts, partLength, planParts } from '../domain/multipart-plan.js';
import { checkContentType, checkSize } from '../domain/upload-policy.js';
import { isClientMistake, isNotFound } from '../store/object-storage.js';
import type { StoredObject } from '../store/objects.js';
import { claimAssetFile } from './assets.js';
import type { StorageDeps } from './deps.js';
import { objectView, ownedObject, verifyAndConfirm } from './views.js';

const planOf = (object: StoredObject) => ({ partSize: Number(object.partSize), partCount: Math.ceil(Number(object.size ?? 0) / Number(object.partSize)) });

function requireUploadInProgress(object: StoredObject): string {
  if (!object.uploadId || object.status !== 'pending') {
    throw new DomainError('CONFLICT', 'No multipart upload is in progress for this object', { field: 'object_id' });
  }
  return object.uploadId;
}

/** Multipart uploads for large files: create, presign parts, complete (checked and confirmed), abort. */
export function multipartHandlers(deps: StorageDeps) {
  return {
    [storage.createMultipartUpload.name]: async (input, ctx) => {
      const user = ctx.user!;
      checkSize(deps.config.STORAGE_MAX_MULTIPART_BYTES, input.size);
      const id = randomUUID();
      let target: { key: string; filename: string; contentType: string; visibility: string; assetId?: string; variant?: string };
      if (input.asset_id !== undefined) {
        const { asset, file, key } = await claimAssetFile(deps, input.asset_id, input.variant!, user);
        target = { key, filename: file.file, contentType: file.contentType, visibility: asset.visibility, assetId: asset.id, variant: file.variant };
      } else {
        checkContentType(deps.config.STORAGE_ALLOWED_CONTENT_TYPES, input.contentType!);
        target = {
          key: uploadKey(user.id, id, input.filename!),
          filename: sanitizeFilename(input.filename!),
          contentType: input.contentType!,
          visibility: input.visibility,
        };
      }
      const plan = planParts(input.size, input.part_size ?? deps.config.STORAGE_MULTIPART_PART_SIZE);
      // The parts assemble at the staging key in the private bucket; completion registers the object at its key.
      const staging = uploadPlace({ id, key: target.key, filename: target.filename, bucket: bucketFor(target.visibility), staged: true, status: 'pending' });
      const uploadId = await deps.storage.createMultipart(staging.key, target.contentType);
      try {
        await deps.objects.create({
          id,
          ownerId: user.id,
          size: input.size,
          uploadId,
          partSize: plan.partSize,
          bucket: bucketFor(target.visibility),
          contentTypeSigned: true,
          ...target,
        });
      } catch (error) {
        await deps.storage.abortMultipart(staging.key, uploadId);
        throw error;
      }
      return { object_id: id, key: target.key, upload_id: uploadId, part_size: plan.partSize, part_count: plan.partCount, content_type: target.contentType };
    },

    [storage.presignMultipartParts.name]: async (input, ctx) => {
      const object = await ownedObject(deps, input.object_id, ctx.user);
      const uploadId = requireUploadInProgress(object);
      const plan = planOf(object);
      const expiresIn = deps.config.STORAGE_UPLOAD_URL_TTL_SECONDS;
      const parts = await Promise.all(
        [...new Set(input.part_numbers)].map(async (partNumber) => {
          const size = partLength(Number(object.size ?? 0), plan, partNumber);
          return { part_number: partNumber, size, upload_url: await deps.storage.presignPart(uploadPlace(object).key, uploadId, partNumber, size, expiresIn) };
        }),
      );
      return { object_id: object.id, upload_id: uploadId, expires_in: expiresIn, parts };
    },

    [storage.completeMultipartUpload.name]: async (input, ctx) => {
      const object = await ownedObject(deps, input.object_id, ctx.user);
      const uploadId = requireUploadInProgress(object);
      checkCompleteParts(
        planOf(object),
        input.parts.map((p) => p.part_number),
      );
      try {
        await deps.storage.completeMultipart(
          uploadPlace(object).key,
          uploadId,
          input.parts.map((p) => ({ partNumber: p.part_number, etag: p.etag })),
        );
      } catch (error) {
        if (isClientMistake(error))
          throw new DomainError('VALIDATION_FAILED', 'parts: the store refused them (a part is missing, too small or has another ETag)', { field: 'parts' });
        if (isNotFound(error)) throw new DomainError('CONFLICT', 'The multipart upload no longer exists; start a new one', { field: 'object_id' });
        throw error;
      }
      return objectView(await verifyAndConfirm(object, deps), deps);
    },

    [storage.abortMultipartUpload.name]: async (input, ctx) => {
      const object = await ownedObject(deps, input.object_id, ctx.user);
      const uploadId = requireUploadInProgress(object);
      await deps.storage.abortMultipart(uploadPlace(object).key, uploadId);
      await deps.objects.removeIfPending(object.id);
      return { object_id: object.id, aborted: true as const };
    },
  } satisfies HandlersOf<'storage'>;
}
