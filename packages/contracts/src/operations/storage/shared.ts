import { z } from 'zod';
import { QUEUES } from '../../queues.js';

/** Used by several of storage's use-case files; the public ones are re-exported by index.ts, the others stay inside the area. */

/** BullMQ queue of the daily clean-up of unconfirmed uploads (shown in the job dashboard). */
export const STORAGE_CLEANUP_QUEUE = QUEUES.storageCleanup;

/** Files of each asset kind, as laid out in the bucket by seed 001 (models/<uuid>/model.glb ...). */
export const assetVariants = ['model', 'model_low', 'model_medium', 'video', 'thumbnail', 'preview', 'splat'] as const;

export const objectId = z.uuid({ error: 'must be a UUID' });

export const assetId = z.uuid({ error: 'must be a UUID' });

export const visibility = z.enum(['private', 'public'], { error: 'must be private or public' });

export const contentType = z
  .string({ error: 'must be a string' })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/, 'must be a MIME type such as image/jpeg');

/** The configured limits are checked by the service; this only bounds the number. */
export const byteSize = z
  .number({ error: 'must be a number' })
  .int('must be an integer')
  .min(1, 'must be at least 1 byte')
  .max(5 * 1024 ** 4, 'must be at most 5 TiB');

export const filename = z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(1024, 'must be at most 1024 characters');

/** What a client needs to upload with one PUT. `upload_url`, `key` and `expires_in` are the seed's fields. */
export const presignedUpload = z.object({
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

export const exampleOwnerId = '00000000-0000-4000-8000-000000000001';

export const exampleObjectId = '1f3e5a7c-9b2d-4f6e-8a1c-3e5f7a9b2d4f';

export const exampleKey = `uploads/${exampleOwnerId}/${exampleObjectId}-scene.glb`;

export const examplePresignedUpload = {
  upload_url: `https://ar-code-assets.r2.example.com/${exampleKey}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=3600&X-Amz-Signature=4f2c`,
  key: exampleKey,
  expires_in: 3600,
  object_id: exampleObjectId,
  method: 'PUT',
  headers: { 'Content-Type': 'model/gltf-binary', 'Content-Length': '1048576' },
  expires_at: '2026-03-01T19:30:00.000Z',
} satisfies z.output<typeof presignedUpload>;

export const exampleObject = {
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

export const uploadLimit = { max: 120, timeWindowMs: 60_000 };
