import { z } from 'zod';
import { defineEvent, type EventContract } from '../events.js';
import { cursor, pageLimit } from '../fields.js';
import { QUEUES } from '../queues.js';
import { defineOperation, type Operation } from '../operation.js';

/**
 * Storage service (seed 001): files and 3D/AR assets in S3-compatible object
 * storage (Cloudflare R2 in production). Bytes never travel through the
 * platform except for small downloads: clients upload and download with
 * presigned URLs, and the service keeps who owns what.
 */

/** BullMQ queue of the daily clean-up of unconfirmed uploads (shown in the job dashboard). */
export const STORAGE_CLEANUP_QUEUE = QUEUES.storageCleanup;

export const assetKinds = ['model', 'video', 'image', 'splat'] as const;
/** Files of each asset kind, as laid out in the bucket by seed 001 (models/<uuid>/model.glb ...). */
export const assetVariants = ['model', 'model_low', 'model_medium', 'video', 'thumbnail', 'preview', 'splat'] as const;

const objectId = z.uuid({ error: 'must be a UUID' });
const assetId = z.uuid({ error: 'must be a UUID' });
const visibility = z.enum(['private', 'public'], { error: 'must be private or public' });
const contentType = z
  .string({ error: 'must be a string' })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/, 'must be a MIME type such as image/jpeg');
/** The configured limits are checked by the service; this only bounds the number. */
const byteSize = z
  .number({ error: 'must be a number' })
  .int('must be an integer')
  .min(1, 'must be at least 1 byte')
  .max(5 * 1024 ** 4, 'must be at most 5 TiB');
const filename = z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(1024, 'must be at most 1024 characters');

/** What a client needs to upload with one PUT. `upload_url`, `key` and `expires_in` are the seed's fields. */
const presignedUpload = z.object({
  upload_url: z.string().describe('Presigned PUT URL; Content-Type and Content-Length are part of its signature when they were given'),
  key: z.string(),
  expires_in: z.number().describe('Seconds the URL stays valid'),
  object_id: z.string(),
  method: z.literal('PUT'),
  headers: z.record(z.string(), z.string()).describe('Headers the PUT must carry exactly (none when only the filename was given)'),
  expires_at: z.string(),
});

export const storedObject = z.object({
  object_id: z.string(),
  key: z.string(),
  filename: z.string(),
  content_type: z.string(),
  size: z.number(),
  status: z.enum(['pending', 'confirmed']),
  visibility,
  owner_id: z.string(),
  asset_id: z.string().nullable(),
  variant: z.string().nullable(),
  created_at: z.string(),
  confirmed_at: z.string().nullable(),
  public_url: z.string().nullable().describe('Set for confirmed public objects when R2_PUBLIC_URL is configured'),
});

const assetFile = z.object({
  variant: z.enum(assetVariants),
  key: z.string(),
  content_type: z.string(),
  object_id: z.string().nullable(),
  status: z.enum(['pending', 'confirmed']).nullable(),
});

const asset = z.object({
  asset_id: z.string(),
  kind: z.enum(assetKinds),
  visibility,
  owner_id: z.string(),
  created_at: z.string(),
  keys: z.record(z.string(), z.string()).describe('variant -> bucket key'),
  files: z.array(assetFile),
});

// ---------------------------------------------------------------- examples shown in /docs

const exampleOwnerId = '00000000-0000-4000-8000-000000000001';
const exampleObjectId = '1f3e5a7c-9b2d-4f6e-8a1c-3e5f7a9b2d4f';
const exampleAssetId = '7c9e1a3b-5d7f-4a2c-8e4b-6d8f0a2c4e6b';
const exampleKey = `uploads/${exampleOwnerId}/${exampleObjectId}-scene.glb`;

const examplePresignedUpload = {
  upload_url: `https://ar-code-assets.r2.example.com/${exampleKey}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=3600&X-Amz-Signature=4f2c`,
  key: exampleKey,
  expires_in: 3600,
  object_id: exampleObjectId,
  method: 'PUT',
  headers: { 'Content-Type': 'model/gltf-binary', 'Content-Length': '1048576' },
  expires_at: '2026-03-01T19:30:00.000Z',
} satisfies z.output<typeof presignedUpload>;

const exampleObject = {
  object_id: exampleObjectId,
  key: exampleKey,
  filename: 'scene.glb',
  content_type: 'model/gltf-binary',
  size: 1_048_576,
  status: 'confirmed',
  visibility: 'private',
  owner_id: exampleOwnerId,
  asset_id: null,
  variant: null,
  created_at: '2026-03-01T18:30:00.000Z',
  confirmed_at: '2026-03-01T18:30:04.000Z',
  public_url: null,
} satisfies z.output<typeof storedObject>;

const exampleAsset = {
  asset_id: exampleAssetId,
  kind: 'model',
  visibility: 'private',
  owner_id: exampleOwnerId,
  created_at: '2026-03-01T18:30:00.000Z',
  keys: {
    model: `models/${exampleAssetId}/model.glb`,
    model_low: `models/${exampleAssetId}/model_low.glb`,
    model_medium: `models/${exampleAssetId}/model_medium.glb`,
  },
  files: [
    { variant: 'model', key: `models/${exampleAssetId}/model.glb`, content_type: 'model/gltf-binary', object_id: exampleObjectId, status: 'confirmed' },
    { variant: 'model_low', key: `models/${exampleAssetId}/model_low.glb`, content_type: 'model/gltf-binary', object_id: null, status: null },
    { variant: 'model_medium', key: `models/${exampleAssetId}/model_medium.glb`, content_type: 'model/gltf-binary', object_id: null, status: null },
  ],
} satisfies z.output<typeof asset>;

const exampleVideoKey = `uploads/${exampleOwnerId}/${exampleObjectId}-match-highlights.mp4`;

const uploadLimit = { max: 120, timeWindowMs: 60_000 };

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

export const reserveAsset = defineOperation({
  name: 'storage.reserveAsset',
  service: 'storage',
  summary: "Reserve an asset id and its bucket keys (the seed's layout: models/<uuid>/model.glb ...)",
  auth: 'user',
  http: { method: 'POST', path: '/api/v1/storage/assets', successStatus: 201, rateLimit: uploadLimit },
  input: z.strictObject({ kind: z.enum(assetKinds, { error: 'must be one of model, video, image, splat' }), visibility: visibility.default('private') }),
  output: asset,
  tags: ['storage'],
  examples: {
    input: { kind: 'model' },
    output: { ...exampleAsset, files: exampleAsset.files.map((file) => ({ ...file, object_id: null, status: null })) },
  },
});

export const getAsset = defineOperation({
  name: 'storage.getAsset',
  service: 'storage',
  summary: 'An asset with the state of each of its files',
  auth: 'optional-user',
  http: { method: 'GET', path: '/api/v1/storage/assets/:asset_id' },
  input: z.strictObject({ asset_id: assetId }),
  output: asset,
  tags: ['storage'],
  examples: { input: { asset_id: exampleAssetId }, output: exampleAsset },
});

export const createAssetUploadUrl = defineOperation({
  name: 'storage.createAssetUploadUrl',
  service: 'storage',
  summary: "Presigned URL to upload one file of an asset (e.g. model_low); the content type follows the file's extension",
  auth: 'user',
  http: { method: 'POST', path: '/api/v1/storage/assets/:asset_id/upload-url', rateLimit: uploadLimit },
  input: z.strictObject({ asset_id: assetId, variant: z.enum(assetVariants), size: byteSize, contentType: contentType.optional() }),
  output: presignedUpload,
  tags: ['storage'],
  examples: {
    input: { asset_id: exampleAssetId, variant: 'model_low', size: 262_144 },
    output: {
      ...examplePresignedUpload,
      key: exampleAsset.keys.model_low,
      upload_url: `https://ar-code-assets.r2.example.com/${exampleAsset.keys.model_low}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=3600&X-Amz-Signature=9b1e`,
      headers: { 'Content-Type': 'model/gltf-binary', 'Content-Length': '262144' },
    },
  },
});

export const createMultipartUpload = defineOperation({
  name: 'storage.createMultipartUpload',
  service: 'storage',
  summary: 'Start a multipart upload for a large file (GLB model, video): either a filename under uploads/, or an asset file',
  auth: 'user',
  http: { method: 'POST', path: '/api/v1/storage/multipart', successStatus: 201, rateLimit: uploadLimit },
  input: z
    .strictObject({
      filename: filename.optional(),
      contentType: contentType.optional(),
      asset_id: assetId.optional(),
      variant: z.enum(assetVariants).optional(),
      size: byteSize,
      part_size: z
        .number({ error: 'must be a number' })
        .int('must be an integer')
        .min(5 * 1024 * 1024, 'must be at least 5 MiB (the S3 minimum)')
        .max(5 * 1024 ** 3, 'must be at most 5 GiB')
        .optional(),
      visibility: visibility.default('private'),
    })
    .refine((v) => (v.filename === undefined) !== (v.asset_id === undefined), { message: 'give either filename or asset_id', path: ['filename'] })
    .refine((v) => v.asset_id === undefined || v.variant !== undefined, { message: 'is required with asset_id', path: ['variant'] })
    .refine((v) => v.filename === undefined || v.contentType !== undefined, { message: 'is required with filename', path: ['contentType'] }),
  output: z.object({
    object_id: z.string(),
    key: z.string(),
    upload_id: z.string(),
    part_size: z.number(),
    part_count: z.number(),
    content_type: z.string(),
  }),
  tags: ['storage'],
  examples: {
    input: { filename: 'match-highlights.mp4', contentType: 'video/mp4', size: 104_857_600 },
    output: {
      object_id: exampleObjectId,
      key: exampleVideoKey,
      upload_id: '2~kq8Zb3YmVw1Jx5Lr0Tn7Hc',
      part_size: 8_388_608,
      part_count: 13,
      content_type: 'video/mp4',
    },
  },
});

export const presignMultipartParts = defineOperation({
  name: 'storage.presignMultipartParts',
  service: 'storage',
  summary: 'Presigned URLs for parts of a multipart upload (each URL fixes its part size)',
  auth: 'user',
  http: { method: 'POST', path: '/api/v1/storage/multipart/:object_id/parts' },
  input: z.strictObject({
    object_id: objectId,
    part_numbers: z
      .array(z.number({ error: 'must be a number' }).int('must be an integer').min(1, 'must be at least 1').max(10_000, 'must be at most 10000'))
      .min(1, 'must not be empty')
      .max(100, 'must have at most 100 part numbers per call'),
  }),
  output: z.object({
    object_id: z.string(),
    upload_id: z.string(),
    expires_in: z.number(),
    parts: z.array(z.object({ part_number: z.number(), size: z.number(), upload_url: z.string() })),
  }),
  tags: ['storage'],
  examples: {
    input: { object_id: exampleObjectId, part_numbers: [1, 2] },
    output: {
      object_id: exampleObjectId,
      upload_id: '2~kq8Zb3YmVw1Jx5Lr0Tn7Hc',
      expires_in: 3600,
      parts: [1, 2].map((part_number) => ({
        part_number,
        size: 8_388_608,
        upload_url: `https://ar-code-assets.r2.example.com/${exampleVideoKey}?partNumber=${part_number}&uploadId=2~kq8Zb3YmVw1Jx5Lr0Tn7Hc&X-Amz-Signature=77ac`,
      })),
    },
  },
});

export const completeMultipartUpload = defineOperation({
  name: 'storage.completeMultipartUpload',
  service: 'storage',
  summary: 'Assemble the uploaded parts; the object is checked and confirmed',
  auth: 'user',
  http: { method: 'POST', path: '/api/v1/storage/multipart/:object_id/complete' },
  timeoutMs: 60_000,
  input: z.strictObject({
    object_id: objectId,
    parts: z
      .array(
        z.strictObject({
          part_number: z.number({ error: 'must be a number' }).int('must be an integer').min(1).max(10_000),
          etag: z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(200),
        }),
      )
      .min(1, 'must not be empty')
      .max(10_000),
  }),
  output: storedObject,
  tags: ['storage'],
  examples: {
    input: {
      object_id: exampleObjectId,
      parts: [
        { part_number: 1, etag: '"b54357faf0632cce46e942fa68356b38"' },
        { part_number: 2, etag: '"0c78aef83f66abc1fa1e8477f296d394"' },
      ],
    },
    output: { ...exampleObject, key: exampleVideoKey, filename: 'match-highlights.mp4', content_type: 'video/mp4', size: 16_777_216 },
  },
});

export const abortMultipartUpload = defineOperation({
  name: 'storage.abortMultipartUpload',
  service: 'storage',
  summary: 'Abandon a multipart upload and free its parts',
  auth: 'user',
  http: { method: 'DELETE', path: '/api/v1/storage/multipart/:object_id' },
  input: z.strictObject({ object_id: objectId }),
  output: z.object({ object_id: z.string(), aborted: z.literal(true) }),
  tags: ['storage'],
  examples: { input: { object_id: exampleObjectId }, output: { object_id: exampleObjectId, aborted: true } },
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

export const listObjects = defineOperation({
  name: 'storage.listObjects',
  service: 'storage',
  summary: 'My objects, newest first',
  auth: 'user',
  http: { method: 'GET', path: '/api/v1/storage/objects' },
  input: z.strictObject({ limit: pageLimit(100, 20), cursor, status: z.enum(['pending', 'confirmed']).optional() }),
  output: z.object({ objects: z.array(storedObject), nextCursor: z.string().nullable() }),
  tags: ['storage'],
  examples: { input: { limit: 20, status: 'confirmed' }, output: { objects: [exampleObject], nextCursor: null } },
});

export const getObject = defineOperation({
  name: 'storage.getObject',
  service: 'storage',
  summary: 'Metadata of an object (public objects: anyone; private: owner and admins)',
  auth: 'optional-user',
  http: { method: 'GET', path: '/api/v1/storage/objects/:object_id' },
  input: z.strictObject({ object_id: objectId }),
  output: storedObject,
  tags: ['storage'],
  examples: { input: { object_id: exampleObjectId }, output: exampleObject },
});

export const getDownloadUrl = defineOperation({
  name: 'storage.getDownloadUrl',
  service: 'storage',
  summary: 'Where to download an object: its public URL (R2_PUBLIC_URL) when public, else a presigned GET',
  auth: 'optional-user',
  http: { method: 'GET', path: '/api/v1/storage/objects/:object_id/download-url' },
  input: z.strictObject({ object_id: objectId }),
  output: z.object({ object_id: z.string(), url: z.string(), kind: z.enum(['public', 'presigned']), expires_in: z.number().nullable() }),
  tags: ['storage'],
  examples: {
    input: { object_id: exampleObjectId },
    output: {
      object_id: exampleObjectId,
      url: `https://ar-code-assets.r2.example.com/${exampleKey}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=900&X-Amz-Signature=c0de`,
      kind: 'presigned',
      expires_in: 900,
    },
  },
});

export const downloadObject = defineOperation({
  name: 'storage.downloadObject',
  service: 'storage',
  summary: 'Download a small object through the service (raw bytes with Accept: application/octet-stream, else base64 JSON)',
  auth: 'optional-user',
  http: { method: 'GET', path: '/api/v1/storage/objects/:object_id/content', binary: { field: 'content_base64', contentType: 'application/octet-stream' } },
  input: z.strictObject({ object_id: objectId }),
  output: z.object({ object_id: z.string(), filename: z.string(), content_type: z.string(), size: z.number(), content_base64: z.string() }),
  tags: ['storage'],
  examples: {
    input: { object_id: exampleObjectId },
    output: { object_id: exampleObjectId, filename: 'hello.txt', content_type: 'application/octet-stream', size: 5, content_base64: 'aGVsbG8=' },
  },
});

export const deleteObject = defineOperation({
  name: 'storage.deleteObject',
  service: 'storage',
  summary: 'Delete an object (its owner or an administrator)',
  auth: 'user',
  http: { method: 'DELETE', path: '/api/v1/storage/objects/:object_id' },
  input: z.strictObject({ object_id: objectId }),
  output: z.object({ object_id: z.string(), deleted: z.literal(true) }),
  tags: ['storage'],
  examples: { input: { object_id: exampleObjectId }, output: { object_id: exampleObjectId, deleted: true } },
});

export const storageOperations: readonly Operation[] = [
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
];

const objectEventPayload = z.object({
  object_id: z.string(),
  key: z.string(),
  owner_id: z.string(),
  content_type: z.string(),
  size: z.number(),
  visibility,
  asset_id: z.string().nullable(),
  variant: z.string().nullable(),
});

export const objectCreated = defineEvent({
  subject: 'evt.storage.object.created',
  version: 1,
  summary: 'An upload was confirmed: the object exists with the declared size and type',
  publisher: 'storage',
  example: {
    object_id: 'd4c3b2a1-f6e5-4b7a-9d8c-5c4b3a2f1e0d',
    key: 'assets/stadium-model/model.glb',
    owner_id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    content_type: 'model/gltf-binary',
    size: 1048576,
    visibility: 'public',
    asset_id: 'stadium-model',
    variant: 'model',
  },
  payload: objectEventPayload,
});

export const objectDeleted = defineEvent({
  subject: 'evt.storage.object.deleted',
  version: 1,
  summary: 'A confirmed object was deleted by its owner or an administrator',
  publisher: 'storage',
  example: {
    object_id: 'd4c3b2a1-f6e5-4b7a-9d8c-5c4b3a2f1e0d',
    key: 'assets/stadium-model/model.glb',
    owner_id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    content_type: 'model/gltf-binary',
    size: 1048576,
    visibility: 'public',
    asset_id: 'stadium-model',
    variant: 'model',
    deleted_by: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  },
  payload: objectEventPayload.extend({ deleted_by: z.string() }),
});

export const storageEvents: readonly EventContract[] = [objectCreated, objectDeleted];
