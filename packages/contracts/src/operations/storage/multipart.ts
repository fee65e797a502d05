import { z } from 'zod';
import { defineOperation } from '../../operation.js';
import {
  assetId,
  assetVariants,
  byteSize,
  contentType,
  exampleObject,
  exampleObjectId,
  exampleOwnerId,
  filename,
  objectId,
  storedObject,
  uploadLimit,
  visibility,
} from './shared.js';

const exampleVideoKey = `uploads/${exampleOwnerId}/${exampleObjectId}-match-highlights.mp4`;

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
