import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesOf, MiB, putTo, type StorageHarness, startStorageHarness } from './harness.js';

/**
 * Seed 001's upload-url body ({filename} alone, then a plain PUT), and what
 * registration guarantees whatever body was used: the object served is the
 * one registered, with the type and headers the platform set.
 */
describe("storage: seed 001's {filename} body", () => {
  let h: StorageHarness;
  beforeAll(async () => {
    h = await startStorageHarness();
  });
  afterAll(async () => h?.close());

  it('infers the type from the extension, signs neither type nor size, and the plain PUT of the seed works', async () => {
    const user = await h.user();
    const res = await h.api.post('/api/v1/storage/upload-url', { filename: 'photo.jpg' }, user.token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ expires_in: 3600, headers: {} });
    expect(res.body.key).toMatch(new RegExp(`^uploads/${user.id}/[0-9a-f-]{36}-photo\\.jpg$`));
    const url = new URL(res.body.upload_url);
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
    const body = bytesOf(3000, 4);
    // The seed's client: requests.put(url, data=file), no headers at all.
    expect((await fetch(res.body.upload_url, { method: 'PUT', body: new Uint8Array(body) })).status).toBe(200);
    const confirmed = await h.api.post(`/api/v1/storage/objects/${res.body.object_id}/confirm`, undefined, user.token);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'confirmed', size: 3000, content_type: 'image/jpeg', filename: 'photo.jpg' });
    expect((await h.bucket.private.head(res.body.key))?.contentType).toBe('image/jpeg');
  });

  it('applies the allowlist to the inferred type, and asks for contentType when the extension says nothing', async () => {
    const user = await h.user();
    const html = await h.api.post('/api/v1/storage/upload-url', { filename: 'page.html' }, user.token);
    expect(html.status).toBe(415);
    expect(html.body.error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', field: 'contentType' });
    expect(html.body.error.message).toContain('text/html');
    const svg = await h.api.post('/api/v1/storage/upload-url', { filename: 'logo.svg' }, user.token);
    expect(svg.status).toBe(415);
    const unknown = await h.api.post('/api/v1/storage/upload-url', { filename: 'README' }, user.token);
    expect(unknown.status).toBe(415);
    expect(unknown.body.error.message).toMatch(/contentType: cannot be inferred/);
    const video = await h.api.post('/api/v1/storage/upload-url', { filename: 'but.mp4' }, user.token);
    expect(video.status).toBe(200);
  });

  it('enforces the size limit at registration: an over-limit upload is deleted with 413', async () => {
    const user = await h.user();
    const res = await h.api.post('/api/v1/storage/upload-url', { filename: 'big.png' }, user.token);
    expect((await fetch(res.body.upload_url, { method: 'PUT', body: new Uint8Array(bytesOf(MiB + 1)) })).status).toBe(200);
    const confirm = await h.api.post(`/api/v1/storage/objects/${res.body.object_id}/confirm`, undefined, user.token);
    expect(confirm.status).toBe(413);
    expect(confirm.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', field: 'size' });
    expect(await h.bucket.private.keys(`pending/${res.body.object_id}/`)).toEqual([]);
    expect((await h.api.get(`/api/v1/storage/objects/${res.body.object_id}`, user.token)).body.status).toBe('pending');
    // Uploading a smaller file with the same URL then registers.
    expect((await fetch(res.body.upload_url, { method: 'PUT', body: new Uint8Array(bytesOf(10)) })).status).toBe(200);
    expect((await h.api.post(`/api/v1/storage/objects/${res.body.object_id}/confirm`, undefined, user.token)).status).toBe(200);
  });

  it('enforces the type at registration: a PUT sent as text/html is deleted with 415; a generic type takes the inferred one', async () => {
    const user = await h.user();
    const res = await h.api.post('/api/v1/storage/upload-url', { filename: 'x.png' }, user.token);
    expect((await putTo(res.body.upload_url, '<script>alert(1)</script>', { 'content-type': 'text/html' })).status).toBe(200);
    const confirm = await h.api.post(`/api/v1/storage/objects/${res.body.object_id}/confirm`, undefined, user.token);
    expect(confirm.status).toBe(415);
    expect(confirm.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await h.bucket.private.keys(`pending/${res.body.object_id}/`)).toEqual([]);
    expect((await putTo(res.body.upload_url, 'png', { 'content-type': 'application/octet-stream' })).status).toBe(200);
    const again = await h.api.post(`/api/v1/storage/objects/${res.body.object_id}/confirm`, undefined, user.token);
    expect(again.body).toMatchObject({ status: 'confirmed', content_type: 'image/png' });
  });

  it('keeps the stricter body: contentType and size signed into the URL', async () => {
    const user = await h.user();
    const res = await h.api.post('/api/v1/storage/upload-url', { filename: 'a.png', contentType: 'image/png', size: 5 }, user.token);
    expect(res.body.headers).toEqual({ 'Content-Type': 'image/png', 'Content-Length': '5' });
    expect((await putTo(res.body.upload_url, '123456', { 'content-type': 'image/png' })).status).toBe(403);
    expect((await putTo(res.body.upload_url, '12345', res.body.headers)).status).toBe(200);
  });
});

describe('storage: a registered object cannot be changed through its upload URL', () => {
  let h: StorageHarness;
  beforeAll(async () => {
    h = await startStorageHarness();
  });
  afterAll(async () => h?.close());

  async function registeredPublic(token: string) {
    const body = bytesOf(2048, 7);
    const res = await h.api.post(
      '/api/v1/storage/upload-url',
      { filename: 'poster.png', contentType: 'image/png', size: body.length, visibility: 'public' },
      token,
    );
    expect((await putTo(res.body.upload_url, body, res.body.headers)).status).toBe(200);
    const confirmed = await h.api.post(`/api/v1/storage/objects/${res.body.object_id}/confirm`, undefined, token);
    expect(confirmed.status).toBe(200);
    return { res: res.body, body, publicUrl: confirmed.body.public_url as string };
  }

  it('a PUT to the URL after confirm lands in the private staging copy; the public object keeps its bytes', async () => {
    const user = await h.user();
    const { res, body, publicUrl } = await registeredPublic(user.token);
    expect(publicUrl).toBe(`${h.bucket.env.R2_PUBLIC_URL}/${res.key}`);
    const evil = bytesOf(2048, 99);
    expect((await putTo(res.upload_url, evil, res.headers)).status).toBe(200);
    const served = await fetch(publicUrl);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(body)).toBe(true);
    // Confirming again changes nothing either.
    expect((await h.api.post(`/api/v1/storage/objects/${res.object_id}/confirm`, undefined, user.token)).status).toBe(200);
    expect(Buffer.from(await (await fetch(publicUrl)).arrayBuffer()).equals(body)).toBe(true);
    // And deleting the object removes the stray staging copy too.
    expect((await h.api.request('DELETE', `/api/v1/storage/objects/${res.object_id}`, { token: user.token })).status).toBe(200);
    expect(await h.bucket.private.keys(`pending/${res.object_id}/`)).toEqual([]);
  });

  it('unsigned x-amz-* headers are refused by the store; unsigned Content-Disposition and Cache-Control are not served', async () => {
    const user = await h.user();
    const res = await h.api.post('/api/v1/storage/upload-url', { filename: 'poster.png', visibility: 'public' }, user.token);
    for (const header of ['x-amz-meta-owner', 'x-amz-website-redirect-location']) {
      expect((await putTo(res.body.upload_url, 'png', { [header]: '/evil' })).status, header).toBe(403);
    }
    const put = await putTo(res.body.upload_url, 'png', {
      'content-type': 'image/png',
      'content-disposition': 'attachment; filename="invoice.html"',
      'cache-control': 'public, max-age=31536000, immutable',
    });
    expect(put.status).toBe(200);
    const confirmed = await h.api.post(`/api/v1/storage/objects/${res.body.object_id}/confirm`, undefined, user.token);
    expect(confirmed.status).toBe(200);
    const served = await fetch(confirmed.body.public_url, { method: 'HEAD' });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('content-disposition')).toBeNull();
    expect(served.headers.get('cache-control')).toBe('public, max-age=3600');
    const head = await h.bucket.head(res.body.key);
    expect(head?.metadata ?? {}).toEqual({});
    expect(head?.websiteRedirectLocation).toBeUndefined();
  });

  it('serves content through the API with X-Content-Type-Options: nosniff', async () => {
    const user = await h.user();
    const { res } = await registeredPublic(user.token);
    const raw = await fetch(`${h.api.baseUrl}/api/v1/storage/objects/${res.object_id}/content`, { headers: { accept: 'application/octet-stream' } });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('x-content-type-options')).toBe('nosniff');
    const json = await fetch(`${h.api.baseUrl}/api/v1/storage/objects/${res.object_id}/content`);
    expect(json.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
