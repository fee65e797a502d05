import { randomUUID } from 'node:crypto';
import { conflict, DomainError, type Identity, notFound, storage } from '@platform/contracts';
import type { HandlersOf } from '@platform/service-kit';
import { requireOwner, requireReadable } from '../domain/access.js';
import { type AssetKind, assetFile, assetFiles, assetKey, assetKeys } from '../domain/keys.js';
import { bucketFor, uploadPlace } from '../domain/places.js';
import { checkSize } from '../domain/upload-policy.js';
import type { Asset, StoredObject } from '../store/objects.js';
import type { StorageDeps } from './deps.js';
import { presignedUpload } from './views.js';

/** Assets are readable like public objects when public, else by their owner and administrators. */
const assetAccess = (asset: Asset) => ({ ownerId: asset.ownerId, visibility: asset.visibility, status: 'confirmed' });

function assetView(asset: Asset, objects: StoredObject[]) {
  const kind = asset.kind as AssetKind;
  return {
    asset_id: asset.id,
    kind,
    visibility: asset.visibility as 'private' | 'public',
    owner_id: asset.ownerId,
    created_at: asset.createdAt.toISOString(),
    keys: assetKeys(kind, asset.id),
    files: assetFiles(kind).map((file) => {
      const object = objects.find((o) => o.variant === file.variant);
      return {
        variant: file.variant,
        key: assetKey(kind, asset.id, file),
        content_type: file.contentType,
        object_id: object?.id ?? null,
        status: (object?.status as 'pending' | 'confirmed' | undefined) ?? null,
      };
    }),
  };
}

/**
 * The slot of an asset file for a new upload: a confirmed file must be deleted
 * first; an unfinished earlier attempt is discarded.
 */
export async function claimAssetFile(deps: StorageDeps, assetId: string, variant: string, user: Identity | undefined) {
  const asset = await deps.objects.findAsset(assetId);
  if (!asset) throw notFound('Asset');
  requireOwner(assetAccess(asset), user, 'Asset');
  const kind = asset.kind as AssetKind;
  const file = assetFile(kind, variant);
  if (!file) {
    const allowed = assetFiles(kind).map((f) => f.variant);
    throw new DomainError('VALIDATION_FAILED', `variant: a ${kind} asset has ${allowed.join(', ')}`, { field: 'variant' });
  }
  const previous = asset.objects.find((o) => o.variant === variant);
  if (previous?.status === 'confirmed') throw conflict(`${file.file} of this asset is already uploaded; delete object ${previous.id} first`);
  if (previous) {
    const place = uploadPlace(previous);
    if (previous.uploadId) await deps.storage.abortMultipart(place.key, previous.uploadId);
    await deps.storage.delete(place);
    await deps.objects.removeIfPending(previous.id);
  }
  return { asset, file, key: assetKey(kind, asset.id, file) };
}

export function assetHandlers(deps: StorageDeps) {
  return {
    [storage.reserveAsset.name]: async (input, ctx) => {
      const asset = await deps.objects.createAsset({ id: randomUUID(), ownerId: ctx.user!.id, kind: input.kind, visibility: input.visibility });
      return assetView(asset, []);
    },

    [storage.getAsset.name]: async (input, ctx) => {
      const asset = await deps.objects.findAsset(input.asset_id);
      if (!asset) throw notFound('Asset');
      requireReadable(assetAccess(asset), ctx.user, 'Asset');
      return assetView(asset, asset.objects);
    },

    [storage.createAssetUploadUrl.name]: async (input, ctx) => {
      const { asset, file, key } = await claimAssetFile(deps, input.asset_id, input.variant, ctx.user);
      if (input.contentType !== undefined && input.contentType !== file.contentType) {
        throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `contentType: ${file.file} must be ${file.contentType}`, { field: 'contentType' });
      }
      checkSize(deps.config.STORAGE_MAX_UPLOAD_BYTES, input.size, '; upload larger files with /api/v1/storage/multipart');
      const object = await deps.objects.create({
        id: randomUUID(),
        key,
        ownerId: asset.ownerId,
        filename: file.file,
        contentType: file.contentType,
        size: input.size,
        visibility: asset.visibility,
        bucket: bucketFor(asset.visibility),
        contentTypeSigned: true,
        assetId: asset.id,
        variant: file.variant,
      });
      return presignedUpload(object, deps);
    },
  } satisfies HandlersOf<'storage'>;
}
