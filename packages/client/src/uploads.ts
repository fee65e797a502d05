import { ApiBase } from './api-base.js';
import { ApiError } from './errors.js';
import type { InputAt } from './operations.js';
import { putPresigned } from './presigned-put.js';
import { byteSizeOf, contentTypeOf, fileNameOf, sliceOf, type UploadBody } from './upload-body.js';

type Visibility = 'private' | 'public';
type AssetVariant = InputAt<'storage.createAssetUploadUrl'>['variant'];

export interface UploadOptions {
  /** Required unless `file` is a File with a name. */
  name?: string;
  /** Defaults to the Blob's own type, else application/octet-stream. It must be on the server's allowlist (415 otherwise). */
  contentType?: string;
  visibility?: Visibility;
}

/** S3 allows at most 10,000 parts, presigned at most 100 per call. */
const PARTS_PER_PRESIGN = 100;

function describeUpload(file: UploadBody, options: UploadOptions) {
  const filename = options.name ?? fileNameOf(file);
  if (!filename) throw new ApiError(400, 'VALIDATION_FAILED', 'name: is required (the file has no name of its own)', { field: 'name' });
  return { filename, contentType: options.contentType ?? contentTypeOf(file) ?? 'application/octet-stream', size: byteSizeOf(file) };
}

const wholeBody = (file: UploadBody) => (file instanceof ArrayBuffer ? new Uint8Array(file) : file);

/**
 * File storage (seed 001) in several calls each: bytes go straight to the
 * bucket through presigned URLs, then the upload is confirmed. The one-call
 * storage methods are rows of the method table.
 */
export class UploadMethods extends ApiBase {
  /**
   * Uploads one file (up to the server's single-PUT limit, 100 MiB by
   * default): asks for a presigned URL, PUTs the bytes to the bucket, then
   * confirms; resolves with the confirmed object.
   */
  async uploadFile(file: UploadBody, options: UploadOptions = {}) {
    const upload = await this.call('storage.createUploadUrl', { ...describeUpload(file, options), visibility: options.visibility });
    await putPresigned(this.transport.fetch, upload.upload_url, upload.headers, wholeBody(file));
    return this.call('storage.confirmUpload', { object_id: upload.object_id });
  }

  /**
   * Uploads a large file (videos, GLB models) in parts of `partSize` bytes
   * (at least 5 MiB; the server picks one otherwise). An upload that fails
   * midway is aborted, so no half-written object is left behind.
   */
  async uploadLargeFile(file: UploadBody, options: UploadOptions & { partSize?: number } = {}) {
    const upload = await this.call('storage.createMultipartUpload', {
      ...describeUpload(file, options),
      part_size: options.partSize,
      visibility: options.visibility,
    });
    try {
      const parts: Array<{ part_number: number; etag: string }> = [];
      for (let first = 1; first <= upload.part_count; first += PARTS_PER_PRESIGN) {
        const numbers = Array.from({ length: Math.min(PARTS_PER_PRESIGN, upload.part_count - first + 1) }, (_, i) => first + i);
        const presigned = await this.call('storage.presignMultipartParts', { object_id: upload.object_id, part_numbers: numbers });
        for (const part of presigned.parts) {
          const start = (part.part_number - 1) * upload.part_size;
          const etag = await putPresigned(this.transport.fetch, part.upload_url, {}, sliceOf(file, start, start + part.size));
          if (!etag) throw new ApiError(0, 'UPLOAD_FAILED', 'The object store sent no readable ETag: its CORS policy must expose the ETag header');
          parts.push({ part_number: part.part_number, etag });
        }
      }
      return await this.call('storage.completeMultipartUpload', { object_id: upload.object_id, parts });
    } catch (error) {
      await this.call('storage.abortMultipartUpload', { object_id: upload.object_id }).catch(() => undefined);
      throw error;
    }
  }

  /** Uploads one file of an asset (e.g. its `model_low`) and confirms it. */
  async uploadAssetFile(assetId: string, variant: AssetVariant, file: UploadBody, options: { contentType?: string } = {}) {
    const upload = await this.call('storage.createAssetUploadUrl', {
      asset_id: assetId,
      variant,
      size: byteSizeOf(file),
      contentType: options.contentType,
    });
    await putPresigned(this.transport.fetch, upload.upload_url, upload.headers, wholeBody(file));
    return this.call('storage.confirmUpload', { object_id: upload.object_id });
  }

  /** The bytes of a small file (up to 512 KiB by default; use getDownloadUrl beyond). */
  async downloadFile(objectId: string) {
    const { content_base64, ...file } = await this.call('storage.downloadObject', { object_id: objectId });
    return { ...file, bytes: Uint8Array.from(atob(content_base64), (c) => c.charCodeAt(0)) };
  }
}
