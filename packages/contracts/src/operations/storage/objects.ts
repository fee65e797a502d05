import { z } from 'zod';
import { cursor, pageLimit } from '../../fields.js';
import { defineOperation } from '../../operation.js';
import { exampleKey, exampleObject, exampleObjectId, objectId, storedObject } from './shared.js';

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
