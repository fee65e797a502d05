import { z } from 'zod';
import { defineOperation } from '../../operation.js';
import {
  assetId,
  assetVariants,
  byteSize,
  contentType,
  exampleObjectId,
  exampleOwnerId,
  examplePresignedUpload,
  presignedUpload,
  uploadLimit,
  visibility,
} from './shared.js';

export const assetKinds = ['model', 'video', 'image', 'splat'] as const;

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

const exampleAssetId = '7c9e1a3b-5d7f-4a2c-8e4b-6d8f0a2c4e6b';

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
