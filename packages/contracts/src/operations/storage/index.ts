import type { EventContract } from '../../events.js';
import { createAssetUploadUrl, getAsset, reserveAsset } from './assets.js';
import { objectCreated, objectDeleted } from './events.js';
import { abortMultipartUpload, completeMultipartUpload, createMultipartUpload, presignMultipartParts } from './multipart.js';
import { deleteObject, downloadObject, getDownloadUrl, getObject, listObjects } from './objects.js';
import { confirmUpload, createUploadUrl } from './uploads.js';

/**
 * Storage service (seed 001): files and 3D/AR assets in S3-compatible object
 * storage (Cloudflare R2 in production). Bytes never travel through the
 * platform except for small downloads: clients upload and download with
 * presigned URLs, and the service keeps who owns what.
 */

export { STORAGE_CLEANUP_QUEUE, assetVariants, storedObject } from './shared.js';
export * from './assets.js';
export * from './multipart.js';
export * from './uploads.js';
export * from './objects.js';
export * from './events.js';

export const storageOperations = [
  createUploadUrl,
  reserveAsset,
  getAsset,
  createAssetUploadUrl,
  createMultipartUpload,
  presignMultipartParts,
  completeMultipartUpload,
  abortMultipartUpload,
  confirmUpload,
  listObjects,
  getObject,
  getDownloadUrl,
  downloadObject,
  deleteObject,
] as const;

export const storageEvents: readonly EventContract[] = [objectCreated, objectDeleted];
