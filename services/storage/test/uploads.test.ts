import { waitFor } from '@platform/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesOf, MiB, putTo, type StorageHarness, startStorageHarness } from './harness.js';

const glb = (size: number) => ({ filename: 'scene.glb', contentType: 'model/gltf-binary', size });

describe('storage: presigned single-PUT uploads through the gateway', () => {
  let h: StorageHarness;
  beforeAll(async () => {
    h = await startStorageHarness();
  });
  afterAll(async () => h?.close());

  it("returns the seed's {upload_url, key, expires_in}; the URL really uploads and the object reads back", async () => {
    const user = await h.user();
    const body = bytesOf(4096);
    const res = await h.api.post('/api/v1/storage/upload-url', glb(body.length), user.token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ expires_in: 3600, method: 'PUT', headers: { 'Content-Type': 'model/gltf-binary', 'Content-Length': '4096' } });
    expect(res.body.key).toMatch(new RegExp(`^uploads/${user.id}/[0-9a-f-]{36}-scene\\.glb$`));
    expect(res.body.upload_url).toContain('X-Amz-Signature=');

    const put = await putTo(res.body.upload_url, body, res.body.headers);
    expect(put.status).toBe(200);
    // Until it is registered, the upload sits at a staging key of the private bucket, served by nothing.
    const staging = `pending/${res.body.object_id}/scene.glb`;
    expect((await h.bucket.private.bytes(staging)).equals(body)).toBe(true);
    expect(await h.bucket.head(res.body.key)).toBeUndefined();

    const confirmed = await h.api.post(`/api/v1/storage/objects/${res.body.object_id}/confirm`, undefined, user.token);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ object_id: res.body.object_id, key: res.body.key, status: 'confirmed', size: 4096, owner_id: user.id });
    // Registered: copied to its key in the private bucket (a private upload), the staging copy gone.
    expect((await h.bucket.private.bytes(res.body.key)).equals(body)).toBe(true);
    expect((await h.bucket.private.head(res.body.key))?.contentType).toBe('model/gltf-binary');
    expect(await h.bucket.private.head(staging)).toBeUndefined();
    const event = await waitFor(() => h.events.find((e) => e.subject === 'evt.storage.object.created' && e.data.object_id === res.body.object_id));
    expect(event.data).toMatchObject({ key: res.body.key, owner_id: user.id, size: 4096, content_type: 'model/gltf-binary' });
    // Confirming again is harmless and announces nothing new.
    const again = await h.api.post(`/api/v1/storage/objects/${res.body.object_id}/confirm`, undefined, user.token);
    expect(again.status).toBe(200);
  });

  it('the signed URL refuses another Content-Type or another size, and nothing lands in the bucket', async () => {
    const user = await h.user();
    const body = bytesOf(1000);
    const res = await h.api.post('/api/v1/storage/upload-url', glb(body.length), user.token);
    const wrongType = await putTo(res.body.upload_url, body, { 'Content-Type': 'text/html' });
    expect(wrongType.status).toBe(403);
    const wrongSize = await putTo(res.body.upload_url, bytesOf(1001), { 'Content-Type': 'model/gltf-binary' });
    expect(wrongSize.status).toBe(403);
    expect(await h.bucket.private.keys(`pending/${res.body.object_id}/`)).toEqual([]);
    const confirm = await h.api.post(`/api/v1/storage/objects/${res.body.object_id}/confirm`, undefined, user.token);
    expect(confirm.status).toBe(409);
    // The right upload still works with the same URL.
    expect((await putTo(res.body.upload_url, body, res.body.headers)).status).toBe(200);
  });

  it('keeps traversal filenames inside uploads/<user_id>/ and never reuses a key', async () => {
    const user = await h.user();
    const names = [
      '../../etc/passwd',
      '..\\..\\windows\\system32',
      'a/../../b.jpg',
      'évènement été.jpg',
      '\u0000\u001fnul.jpg',
      `${'x'.repeat(900)}.jpg`,
      '....',
      '.env',
    ];
    const keys: string[] = [];
    for (const filename of names) {
      const res = await h.api.post('/api/v1/storage/upload-url', { filename, contentType: 'image/jpeg', size: 10 }, user.token);
      expect(res.status, filename).toBe(200);
      const key: string = res.body.key;
      expect(key.startsWith(`uploads/${user.id}/`), key).toBe(true);
      expect(key.split('/'), key).toHaveLength(3);
      expect(key, key).not.toContain('..');
      // Only letters, digits and . _ - / survive: no control character, backslash or space.
      expect(key, key).toMatch(/^[A-Za-z0-9._/-]+$/);
      expect(key.length, key).toBeLessThanOrEqual(200);
      keys.push(key);
    }
    expect(keys[0]).toMatch(/-etc_passwd$/);
    expect(keys[3]).toMatch(/-evenement_ete\.jpg$/);
    const twice = await Promise.all([1, 2].map(() => h.api.post('/api/v1/storage/upload-url', glb(10), user.token)));
    expect(twice[0].body.key).not.toBe(twice[1].body.key);
  });

  it('refuses anonymous callers with 401', async () => {
    const res = await h.api.post('/api/v1/storage/upload-url', glb(10));
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
    expect((await h.api.post('/api/v1/storage/multipart', { ...glb(10) })).status).toBe(401);
  });

  it('refuses types off the allowlist (415) and sizes over the limit (413), naming the field', async () => {
    const user = await h.user();
    const html = await h.api.post('/api/v1/storage/upload-url', { filename: 'x.html', contentType: 'text/html', size: 10 }, user.token);
    expect(html.status).toBe(415);
    expect(html.body.error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', field: 'contentType' });
    const big = await h.api.post('/api/v1/storage/upload-url', glb(MiB + 1), user.token);
    expect(big.status).toBe(413);
    expect(big.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', field: 'size' });
    const bad = await h.api.post('/api/v1/storage/upload-url', { filename: 'x.glb', contentType: 'not a type', size: -1 }, user.token);
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('contentType');
    const missing = await h.api.post('/api/v1/storage/upload-url', { contentType: 'image/png', size: 1 }, user.token);
    expect(missing.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'filename' });
    expect(await h.bucket.keys()).not.toContain(expect.stringContaining('x.html'));
  });

  it('confirm refuses an object whose stored size or type differs from the declaration, and deletes it', async () => {
    const user = await h.user();
    const res = await h.api.post('/api/v1/storage/upload-url', glb(100), user.token);
    // Written behind the signed URL's back (as a store that does not check signatures would allow).
    await h.bucket.private.put(`pending/${res.body.object_id}/scene.glb`, bytesOf(99), 'model/gltf-binary');
    const confirm = await h.api.post(`/api/v1/storage/objects/${res.body.object_id}/confirm`, undefined, user.token);
    expect(confirm.status).toBe(409);
    expect(confirm.body.error.message).toMatch(/99 bytes, 100 were declared/);
    expect(await h.bucket.private.keys(`pending/${res.body.object_id}/`)).toEqual([]);
    expect(await h.bucket.private.head(res.body.key)).toBeUndefined();
  });
});

describe('storage: ownership, download and delete', () => {
  let h: StorageHarness;
  beforeAll(async () => {
    h = await startStorageHarness({ STORAGE_INLINE_DOWNLOAD_MAX_BYTES: '2048' });
  });
  afterAll(async () => h?.close());

  async function uploaded(token: string, options: { visibility?: 'public' | 'private'; size?: number; contentType?: string } = {}) {
    const body = bytesOf(options.size ?? 1500, 3);
    const contentType = options.contentType ?? 'image/png';
    const res = await h.api.post(
      '/api/v1/storage/upload-url',
      { filename: 'photo.png', contentType, size: body.length, visibility: options.visibility },
      token,
    );
    expect((await putTo(res.body.upload_url, body, res.body.headers)).status).toBe(200);
    const confirmed = await h.api.post(`/api/v1/storage/objects/${res.body.object_id}/confirm`, undefined, token);
    expect(confirmed.status).toBe(200);
    return { id: res.body.object_id as string, key: res.body.key as string, body, view: confirmed.body };
  }

  it("refuses to delete another user's object (404 when private, 403 when public); the owner can", async () => {
    const owner = await h.user();
    const other = await h.user();
    const privateObject = await uploaded(owner.token);
    const publicObject = await uploaded(owner.token, { visibility: 'public' });

    const hidden = await h.api.request('DELETE', `/api/v1/storage/objects/${privateObject.id}`, { token: other.token });
    expect(hidden.status).toBe(404);
    const forbidden = await h.api.request('DELETE', `/api/v1/storage/objects/${publicObject.id}`, { token: other.token });
    expect(forbidden.status).toBe(403);
    expect(await h.bucket.private.head(privateObject.key)).toBeDefined();
    expect(await h.bucket.head(publicObject.key)).toBeDefined();

    const deleted = await h.api.request('DELETE', `/api/v1/storage/objects/${privateObject.id}`, { token: owner.token });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ object_id: privateObject.id, deleted: true });
    expect(await h.bucket.private.head(privateObject.key)).toBeUndefined();
    expect((await h.api.get(`/api/v1/storage/objects/${privateObject.id}`, owner.token)).status).toBe(404);
    const event = await waitFor(() => h.events.find((e) => e.subject === 'evt.storage.object.deleted' && e.data.object_id === privateObject.id));
    expect(event.data.deleted_by).toBe(owner.id);
  });

  it('lets an administrator delete any object', async () => {
    const owner = await h.user();
    const object = await uploaded(owner.token);
    const res = await h.api.request('DELETE', `/api/v1/storage/objects/${object.id}`, { token: h.adminToken() });
    expect(res.status).toBe(200);
    expect(await h.bucket.private.head(object.key)).toBeUndefined();
  });

  it('gives the public URL for public objects and a presigned GET for private ones', async () => {
    const owner = await h.user();
    const other = await h.user();
    const publicObject = await uploaded(owner.token, { visibility: 'public' });
    expect(publicObject.view.public_url).toBe(`${h.bucket.env.R2_PUBLIC_URL}/${publicObject.key}`);
    const anonymous = await h.api.get(`/api/v1/storage/objects/${publicObject.id}/download-url`);
    expect(anonymous.body).toMatchObject({ kind: 'public', url: publicObject.view.public_url, expires_in: null });
    expect(Buffer.from(await (await fetch(anonymous.body.url)).arrayBuffer()).equals(publicObject.body)).toBe(true);

    const privateObject = await uploaded(owner.token);
    expect(privateObject.view.public_url).toBeNull();
    const signed = await h.api.get(`/api/v1/storage/objects/${privateObject.id}/download-url`, owner.token);
    expect(signed.body).toMatchObject({ kind: 'presigned', expires_in: 900 });
    const download = await fetch(signed.body.url);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(privateObject.body)).toBe(true);
    expect((await h.api.get(`/api/v1/storage/objects/${privateObject.id}/download-url`, other.token)).status).toBe(404);
    expect((await h.api.get(`/api/v1/storage/objects/${privateObject.id}/download-url`)).status).toBe(404);
  });

  it('downloads small objects through the service: raw bytes or base64 JSON; larger ones are refused with 413', async () => {
    const owner = await h.user();
    const object = await uploaded(owner.token, { size: 1500 });
    const raw = await fetch(`${h.api.baseUrl}/api/v1/storage/objects/${object.id}/content`, {
      headers: { authorization: `Bearer ${owner.token}`, accept: 'application/octet-stream' },
    });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(await raw.arrayBuffer()).equals(object.body)).toBe(true);
    const json = await h.api.get(`/api/v1/storage/objects/${object.id}/content`, owner.token);
    expect(json.body).toMatchObject({ content_type: 'image/png', size: 1500, filename: 'photo.png' });
    expect(Buffer.from(json.body.content_base64, 'base64').equals(object.body)).toBe(true);

    const large = await uploaded(owner.token, { size: 4096 });
    const refused = await h.api.get(`/api/v1/storage/objects/${large.id}/content`, owner.token);
    expect(refused.status).toBe(413);
  });

  it('lists my objects newest first, page by page, and nobody else sees them', async () => {
    const owner = await h.user();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await uploaded(owner.token, { size: 10 + i })).id);
    const first = await h.api.get('/api/v1/storage/objects?limit=2', owner.token);
    expect(first.body.objects.map((o: { object_id: string }) => o.object_id)).toEqual([ids[2], ids[1]]);
    const second = await h.api.get(`/api/v1/storage/objects?limit=2&cursor=${first.body.nextCursor}`, owner.token);
    expect(second.body.objects.map((o: { object_id: string }) => o.object_id)).toEqual([ids[0]]);
    expect(second.body.nextCursor).toBeNull();
    const other = await h.user();
    expect((await h.api.get('/api/v1/storage/objects', other.token)).body.objects).toEqual([]);
  });

  it('reports object storage, Postgres, Redis and NATS in /ready', async () => {
    const ready = await h.service.http.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks).toMatchObject({
      'object-storage': { status: 'up' },
      postgres: { status: 'up' },
      redis: { status: 'up' },
      nats: { status: 'up' },
    });
  });
});
