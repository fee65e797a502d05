import { z } from 'zod';
import { defineEvent } from '../../events.js';
import { visibility } from './shared.js';

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
