import { z } from 'zod';
import { defineOperation } from '../../operation.js';
import {
  byteSize,
  contentType,
  exampleObject,
  exampleObjectId,
  examplePresignedUpload,
  filename,
  objectId,
  presignedUpload,
  storedObject,
  uploadLimit,
  visibility,
} from './shared.js';

export const createUploadUrl = defineOperation({
  name: 'storage.createUploadUrl',
  service: 'storage',
  summary:
    "Presigned URL to upload one file (single PUT) under uploads/<user_id>/. Seed 001's body {filename} is enough: the type comes from the extension and the plain PUT works; the real size and type are checked when the upload is confirmed. With contentType and size they are signed into the URL",
  auth: 'user',
  http: { method: 'POST', path: '/api/v1/storage/upload-url', rateLimit: uploadLimit },
  input: z.strictObject({ filename, contentType: contentType.optional(), size: byteSize.optional(), visibility: visibility.default('private') }),
  output: presignedUpload,
  tags: ['storage'],
  examples: { input: { filename: 'scene.glb', contentType: 'model/gltf-binary', size: 1_048_576 }, output: examplePresignedUpload },
});

export const confirmUpload = defineOperation({
  name: 'storage.confirmUpload',
  service: 'storage',
  summary: 'Confirm a single-PUT upload: the object is checked (size, type), copied to its key with our metadata, and becomes permanent',
  auth: 'user',
  http: { method: 'POST', path: '/api/v1/storage/objects/:object_id/confirm' },
  // Registration copies the object server-side (up to STORAGE_MAX_UPLOAD_BYTES): more than a plain request.
  timeoutMs: 30_000,
  input: z.strictObject({ object_id: objectId }),
  output: storedObject,
  tags: ['storage'],
  examples: { input: { object_id: exampleObjectId }, output: exampleObject },
});
