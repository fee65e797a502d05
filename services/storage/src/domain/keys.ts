import type { storage } from '@platform/contracts';
import { sanitizeFilename } from './filename.js';

export type AssetKind = (typeof storage.assetKinds)[number];
export type AssetVariant = (typeof storage.assetVariants)[number];

/**
 * uploads/<user_id>/<object_id>-<filename>: the object id (a fresh UUID) makes
 * every key unique, so two uploads of the same name never overwrite each other.
 */
export function uploadKey(userId: string, objectId: string, filename: string): string {
  return `uploads/${userId}/${objectId}-${sanitizeFilename(filename)}`;
}

/**
 * Where an upload URL writes: pending/<object_id>/<file> in the PRIVATE bucket.
 * Registration copies it to the object's key (public or private bucket), so a
 * URL still valid after registration can only overwrite this staging copy,
 * which nothing serves.
 */
export function stagingKey(objectId: string, filename: string): string {
  return `pending/${objectId}/${sanitizeFilename(filename)}`;
}

export interface AssetFile {
  variant: AssetVariant;
  file: string;
  contentType: string;
}

/** Seed 001's bucket layout ("Structure Bucket"). */
const LAYOUT: Record<AssetKind, { prefix: string; files: AssetFile[] }> = {
  model: {
    prefix: 'models',
    files: [
      { variant: 'model', file: 'model.glb', contentType: 'model/gltf-binary' },
      { variant: 'model_low', file: 'model_low.glb', contentType: 'model/gltf-binary' },
      { variant: 'model_medium', file: 'model_medium.glb', contentType: 'model/gltf-binary' },
    ],
  },
  video: { prefix: 'videos', files: [{ variant: 'video', file: 'video.mp4', contentType: 'video/mp4' }] },
  image: {
    prefix: 'images',
    files: [
      { variant: 'thumbnail', file: 'thumbnail.jpg', contentType: 'image/jpeg' },
      { variant: 'preview', file: 'preview.jpg', contentType: 'image/jpeg' },
    ],
  },
  splat: { prefix: 'splats', files: [{ variant: 'splat', file: 'splat.ply', contentType: 'application/octet-stream' }] },
};

export const assetFiles = (kind: AssetKind): AssetFile[] => LAYOUT[kind].files;

export const assetKey = (kind: AssetKind, assetId: string, file: AssetFile) => `${LAYOUT[kind].prefix}/${assetId}/${file.file}`;

/** variant -> key, e.g. { model: 'models/<id>/model.glb', model_low: ..., model_medium: ... }. */
export function assetKeys(kind: AssetKind, assetId: string): Record<string, string> {
  return Object.fromEntries(assetFiles(kind).map((file) => [file.variant, assetKey(kind, assetId, file)]));
}

export function assetFile(kind: AssetKind, variant: string): AssetFile | undefined {
  return assetFiles(kind).find((file) => file.variant === variant);
}
