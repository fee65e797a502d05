import { createHash } from 'node:crypto';
import { waitFor } from '@platform/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesOf, MiB, putTo, type StorageHarness, startStorageHarness } from './harness.js';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('storage: multipart uploads and assets', () => {
  let h: StorageHarness;
  beforeAll(async () => {
    h = await startStorageHarness();
  });
  afterAll(async () => h?.close());

  async function uploadParts(token: string, created: { object_id: string; part_count: number }, file: Buffer) {
    const presigned = await h.api.post(
      `/api/v1/storage/multipart/${created.object_id}/parts`,
      { part_numbers: Array.from({ length: created.part_count }, (_, i) => i + 1) },
      token,
    );
    expect(presigned.status).toBe(200);
    let offset = 0;
    const parts = [];
    for (const part of presigned.body.parts) {
      const chunk = file.subarray(offset, offset + part.size);
      offset += part.size;
      const put = await putTo(part.upload_url, chunk, {});
      expect(put.status).toBe(200);
      parts.push({ part_number: part.part_number, etag: put.headers.get('etag')! });
    }
    expect(offset).toBe(file.length);
    return { parts, presigned: presigned.body };
  }

  it('round-trips a ~12 MB file in 3 parts byte for byte', async () => {
    const user = await h.user();
    const file = bytesOf(12 * MiB + 12345, 5);
    const created = await h.api.post(
      '/api/v1/storage/multipart',
      { filename: 'match highlights.mp4', contentType: 'video/mp4', size: file.length, part_size: 5 * MiB },
      user.token,
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ part_size: 5 * MiB, part_count: 3, content_type: 'video/mp4' });
    expect(created.body.key).toMatch(new RegExp(`^uploads/${user.id}/[0-9a-f-]{36}-match_highlights\\.mp4$`));

    const { parts, presigned } = await uploadParts(user.token, created.body, file);
    expect(presigned.parts.map((p: { size: number }) => p.size)).toEqual([5 * MiB, 5 * MiB, 2 * MiB + 12345]);
    const completed = await h.api.post(`/api/v1/storage/multipart/${created.body.object_id}/complete`, { parts }, user.token);
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ status: 'confirmed', size: file.length, content_type: 'video/mp4' });
    expect(sha256(await h.bucket.private.bytes(created.body.key))).toBe(sha256(file));
    expect(await h.bucket.private.keys(`pending/${created.body.object_id}/`)).toEqual([]);
    const event = await waitFor(() => h.events.find((e) => e.subject === 'evt.storage.object.created' && e.data.object_id === created.body.object_id));
    expect(event.data).toMatchObject({ size: file.length, key: created.body.key });
  });

  it('a part URL refuses a part of another size; completion needs every part', async () => {
    const user = await h.user();
    const file = bytesOf(6 * MiB, 9);
    const created = await h.api.post(
      '/api/v1/storage/multipart',
      { filename: 'clip.mp4', contentType: 'video/mp4', size: file.length, part_size: 5 * MiB },
      user.token,
    );
    const urls = await h.api.post(`/api/v1/storage/multipart/${created.body.object_id}/parts`, { part_numbers: [1] }, user.token);
    expect((await putTo(urls.body.parts[0].upload_url, file.subarray(0, 5 * MiB - 1), {})).status).toBe(403);
    const first = await putTo(urls.body.parts[0].upload_url, file.subarray(0, 5 * MiB), {});
    expect(first.status).toBe(200);
    const incomplete = await h.api.post(
      `/api/v1/storage/multipart/${created.body.object_id}/complete`,
      { parts: [{ part_number: 1, etag: first.headers.get('etag') }] },
      user.token,
    );
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.error.field).toBe('parts');
    const outOfRange = await h.api.post(`/api/v1/storage/multipart/${created.body.object_id}/parts`, { part_numbers: [3] }, user.token);
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.body.error.field).toBe('part_numbers');
  });

  it('abort frees the upload: its object is gone and it can no longer be completed', async () => {
    const user = await h.user();
    const other = await h.user();
    const created = await h.api.post('/api/v1/storage/multipart', { filename: 'big.glb', contentType: 'model/gltf-binary', size: 6 * MiB }, user.token);
    expect((await h.api.request('DELETE', `/api/v1/storage/multipart/${created.body.object_id}`, { token: other.token })).status).toBe(404);
    const aborted = await h.api.request('DELETE', `/api/v1/storage/multipart/${created.body.object_id}`, { token: user.token });
    expect(aborted.status).toBe(200);
    expect(aborted.body).toEqual({ object_id: created.body.object_id, aborted: true });
    expect((await h.api.get(`/api/v1/storage/objects/${created.body.object_id}`, user.token)).status).toBe(404);
    const complete = await h.api.post(`/api/v1/storage/multipart/${created.body.object_id}/complete`, { parts: [{ part_number: 1, etag: 'x' }] }, user.token);
    expect(complete.status).toBe(404);
  });

  it('validates the multipart target: filename or asset, never both', async () => {
    const user = await h.user();
    const both = await h.api.post(
      '/api/v1/storage/multipart',
      { filename: 'a.mp4', contentType: 'video/mp4', asset_id: '00000000-0000-4000-8000-000000000000', variant: 'video', size: 10 },
      user.token,
    );
    expect(both.status).toBe(400);
    expect(both.body.error.field).toBe('filename');
    const noType = await h.api.post('/api/v1/storage/multipart', { filename: 'a.mp4', size: 10 }, user.token);
    expect(noType.body.error.field).toBe('contentType');
    const smallParts = await h.api.post('/api/v1/storage/multipart', { filename: 'a.mp4', contentType: 'video/mp4', size: 10, part_size: 1024 }, user.token);
    expect(smallParts.body.error.field).toBe('part_size');
  });

  it("reserves an asset with the seed's bucket layout for each kind", async () => {
    const user = await h.user();
    const expected = {
      model: ['models/{id}/model.glb', 'models/{id}/model_low.glb', 'models/{id}/model_medium.glb'],
      video: ['videos/{id}/video.mp4'],
      image: ['images/{id}/thumbnail.jpg', 'images/{id}/preview.jpg'],
      splat: ['splats/{id}/splat.ply'],
    };
    for (const [kind, keys] of Object.entries(expected)) {
      const res = await h.api.post('/api/v1/storage/assets', { kind }, user.token);
      expect(res.status).toBe(201);
      expect(res.body.asset_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(Object.values(res.body.keys)).toEqual(keys.map((k) => k.replace('{id}', res.body.asset_id)));
      expect(res.body.files.every((f: { object_id: string | null }) => f.object_id === null)).toBe(true);
    }
    const unknown = await h.api.post('/api/v1/storage/assets', { kind: 'hologram' }, user.token);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.field).toBe('kind');
  });

  it('uploads the files of an asset into its layout keys, single PUT and multipart', async () => {
    const user = await h.user();
    const other = await h.user();
    const asset = (await h.api.post('/api/v1/storage/assets', { kind: 'model', visibility: 'public' }, user.token)).body;

    const low = bytesOf(2048, 2);
    const url = await h.api.post(`/api/v1/storage/assets/${asset.asset_id}/upload-url`, { variant: 'model_low', size: low.length }, user.token);
    expect(url.status).toBe(200);
    expect(url.body).toMatchObject({ key: asset.keys.model_low, headers: { 'Content-Type': 'model/gltf-binary' } });
    expect((await putTo(url.body.upload_url, low, url.body.headers)).status).toBe(200);
    expect((await h.api.post(`/api/v1/storage/objects/${url.body.object_id}/confirm`, undefined, user.token)).body.status).toBe('confirmed');

    const full = bytesOf(7 * MiB, 4);
    const created = await h.api.post(
      '/api/v1/storage/multipart',
      { asset_id: asset.asset_id, variant: 'model', size: full.length, part_size: 5 * MiB },
      user.token,
    );
    expect(created.status).toBe(201);
    expect(created.body.key).toBe(asset.keys.model);
    const { parts } = await uploadParts(user.token, created.body, full);
    expect((await h.api.post(`/api/v1/storage/multipart/${created.body.object_id}/complete`, { parts }, user.token)).status).toBe(200);
    // A public asset is served from the public bucket, at the seed's layout key.
    expect(sha256(await h.bucket.bytes(asset.keys.model))).toBe(sha256(full));
    expect(await h.bucket.private.keys(`models/${asset.asset_id}/`)).toEqual([]);
    expect(await h.bucket.private.keys(`pending/${created.body.object_id}/`)).toEqual([]);

    const view = await h.api.get(`/api/v1/storage/assets/${asset.asset_id}`);
    expect(view.status).toBe(200);
    expect(Object.fromEntries(view.body.files.map((f: { variant: string; status: string | null }) => [f.variant, f.status]))).toEqual({
      model: 'confirmed',
      model_low: 'confirmed',
      model_medium: null,
    });

    const again = await h.api.post(`/api/v1/storage/assets/${asset.asset_id}/upload-url`, { variant: 'model_low', size: 10 }, user.token);
    expect(again.status).toBe(409);
    const wrongVariant = await h.api.post(`/api/v1/storage/assets/${asset.asset_id}/upload-url`, { variant: 'video', size: 10 }, user.token);
    expect(wrongVariant.status).toBe(400);
    expect(wrongVariant.body.error.field).toBe('variant');
    const wrongType = await h.api.post(
      `/api/v1/storage/assets/${asset.asset_id}/upload-url`,
      { variant: 'model_medium', size: 10, contentType: 'image/png' },
      user.token,
    );
    expect(wrongType.status).toBe(415);
    const notOwner = await h.api.post(`/api/v1/storage/assets/${asset.asset_id}/upload-url`, { variant: 'model_medium', size: 10 }, other.token);
    expect(notOwner.status).toBe(403);
  });
});
