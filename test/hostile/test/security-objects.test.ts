import { uniqueNamespace } from '@platform/testkit';
import type { AdminSession } from '@platform/testkit/admin';
import { PLATFORM_START_TIMEOUT_MS } from '@platform/testkit/commerce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HostilePlatform, type Session, startHostilePlatform } from '../src/hostile-platform.js';

/**
 * Issue 15 §1, §2, §7 as an attacker tries them, against the platform's own
 * processes and the local S3 server (docs/reliability.md#objects-and-buckets).
 * What people entrust (snapshots with names, emails and phones; private
 * uploads; uploads not registered yet) is never readable without a signature,
 * and a registered object never changes behind the platform's back.
 */
describe('objects and buckets under attack', () => {
  let hostile: HostilePlatform;
  let alice: Session;
  let admin: AdminSession;
  let store: string;
  let publicBucket: string;
  let privateBucket: string;
  const orderWithPhone = (id: string) => ({ order_id: id, client_name: 'Dupont Jean', client_email: 'jean@example.com', client_phone: '0612345678' });

  const api = (method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string>; redirect?: RequestRedirect } = {}) =>
    fetch(`${hostile.platform.api.baseUrl}${path}`, {
      method,
      redirect: options.redirect,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });

  async function upload(body: Record<string, unknown>, bytes: string, headers: Record<string, string> = {}) {
    const url = await (await api('POST', '/api/v1/storage/upload-url', { token: alice.token, body })).json();
    // Bytes, not a string: fetch would add Content-Type: text/plain to a string body.
    expect((await fetch(url.upload_url, { method: 'PUT', body: new Uint8Array(Buffer.from(bytes)), headers: { ...url.headers, ...headers } })).status).toBe(
      200,
    );
    return url as { upload_url: string; key: string; object_id: string; headers: Record<string, string> };
  }

  const confirm = (objectId: string) => api('POST', `/api/v1/storage/objects/${objectId}/confirm`, { token: alice.token });
  async function confirmed(objectId: string) {
    const res = await confirm(objectId);
    expect(res.status).toBe(200);
    return res.json();
  }

  beforeAll(async () => {
    hostile = await startHostilePlatform(uniqueNamespace('objs'), { only: ['gateway', 'storage', 'orders-snapshot'] });
    [alice, admin] = await Promise.all([hostile.newUser(), hostile.newAdmin()]);
    store = hostile.platform.bucket.endpoint;
    publicBucket = hostile.platform.bucket.bucket;
    privateBucket = hostile.platform.bucket.private.bucket;
    const posted = await api('POST', '/api/orders/snapshot', {
      body: { event_id: 'BJ025', orders: [orderWithPhone('o1')] },
      headers: { 'x-api-key': hostile.apiKeys['orders-snapshot']! },
    });
    expect(posted.status).toBe(200);
  }, PLATFORM_START_TIMEOUT_MS);

  afterAll(async () => {
    await hostile?.platform.stop();
  });

  it('lists no bucket anonymously: not the store, not the public bucket, not the private one', async () => {
    for (const path of [
      '/',
      `/${publicBucket}?list-type=2`,
      `/${privateBucket}?list-type=2`,
      `/${privateBucket}?list-type=2&prefix=orders/`,
      `/${privateBucket}`,
    ]) {
      const res = await fetch(`${store}${path}`);
      expect(res.status, path).toBe(403);
      expect(await res.text(), path).not.toContain('pending_orders');
    }
  });

  it('serves no snapshot, private upload or unregistered upload without a signature', async () => {
    const direct = await fetch(`${store}/${privateBucket}/orders/BJ025/pending_orders.json`);
    expect(direct.status).toBe(403);
    expect(await direct.text()).not.toContain('0612345678');
    // Not in the public bucket either, where the CDN would serve it.
    expect((await fetch(`${store}/${publicBucket}/orders/BJ025/pending_orders.json`)).status).toBe(404);

    const pending = await upload({ filename: 'id-card.jpg' }, 'secret scan');
    expect((await fetch(`${store}/${privateBucket}/pending/${pending.object_id}/id-card.jpg`)).status).toBe(403);
    expect((await confirm(pending.object_id)).status).toBe(200);
    expect((await fetch(`${store}/${privateBucket}/${pending.key}`)).status).toBe(403);
    expect((await fetch(`${store}/${publicBucket}/${pending.key}`)).status).toBe(404);
  });

  it('refuses forged, altered and expired signatures on the store with 403', async () => {
    const url = (await (await api('POST', '/api/v1/storage/upload-url', { token: alice.token, body: { filename: 'a.png' } })).json()).upload_url as string;
    const forged = url.replace(/X-Amz-Signature=[0-9a-f]{4}/, 'X-Amz-Signature=0000');
    expect((await fetch(forged, { method: 'PUT', body: 'x' })).status).toBe(403);
    const widened = url.replace(/X-Amz-Expires=\d+/, 'X-Amz-Expires=604800');
    expect((await fetch(widened, { method: 'PUT', body: 'x' })).status).toBe(403);
    const otherKey = url.replace('/a.png', '/b.png');
    expect((await fetch(otherKey, { method: 'PUT', body: 'x' })).status).toBe(403);
    const header = await fetch(`${store}/${privateBucket}/orders/BJ025/pending_orders.json`, {
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=S3RVER/20260101/auto/s3/aws4_request, SignedHeaders=host, Signature=00' },
    });
    expect(header.status).toBe(403);
  });

  it('reads a snapshot only with an admin token or the orders key; 3,000 orders (~3 MB) read whole through a 307', async () => {
    expect((await api('GET', '/api/orders/snapshot/BJ025')).status).toBe(401);
    expect((await api('GET', '/api/orders/snapshot/BJ025', { token: alice.token })).status).toBe(403);
    expect((await api('GET', '/api/orders/snapshot/BJ025', { headers: { 'x-api-key': 'guess-guess-guess-guess' } })).status).toBe(401);
    const big = (i: number) => ({ ...orderWithPhone(`big-${i}`), note: 'x'.repeat(900) });
    for (let batch = 0; batch < 6; batch++) {
      const res = await api('POST', '/api/orders/snapshot', {
        body: { event_id: 'FINALE', orders: Array.from({ length: 500 }, (_, i) => big(batch * 500 + i)) },
        headers: { 'x-api-key': hostile.apiKeys['orders-snapshot']! },
      });
      expect(res.status).toBe(200);
    }
    const redirect = await api('GET', '/api/orders/snapshot/FINALE', { token: admin.token, redirect: 'manual' });
    expect(redirect.status).toBe(307);
    const whole = await api('GET', '/api/orders/snapshot/FINALE', { token: admin.token });
    expect(whole.status).toBe(200);
    const text = await whole.text();
    expect(text.length).toBeGreaterThan(3_000_000);
    expect(JSON.parse(text).count).toBe(3000);
  });

  it('a registered public object cannot be replaced through its upload URL', async () => {
    const url = await upload({ filename: 'poster.png', contentType: 'image/png', size: 8, visibility: 'public' }, 'original');
    const object = await confirmed(url.object_id);
    expect((await fetch(url.upload_url, { method: 'PUT', body: 'REPLACED', headers: url.headers })).status).toBe(200);
    expect(await (await fetch(object.public_url)).text()).toBe('original');
  });

  it('unsigned headers do not change what is served', async () => {
    const url = (await (await api('POST', '/api/v1/storage/upload-url', { token: alice.token, body: { filename: 'p.png', visibility: 'public' } })).json()) as {
      upload_url: string;
      object_id: string;
    };
    expect((await fetch(url.upload_url, { method: 'PUT', body: 'png', headers: { 'x-amz-website-redirect-location': 'https://evil.example' } })).status).toBe(
      403,
    );
    expect((await fetch(url.upload_url, { method: 'PUT', body: 'png', headers: { 'x-amz-meta-trusted': 'yes' } })).status).toBe(403);
    const put = await fetch(url.upload_url, {
      method: 'PUT',
      body: 'png',
      headers: { 'content-type': 'image/png', 'content-disposition': 'attachment; filename="x.html"', 'cache-control': 'max-age=31536000' },
    });
    expect(put.status).toBe(200);
    const object = await confirmed(url.object_id);
    const served = await fetch(object.public_url);
    expect(served.headers.get('content-disposition')).toBeNull();
    expect(served.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(served.headers.get('content-type')).toBe('image/png');
  });

  it("refuses an over-limit or HTML upload made with seed 001's unsigned URL at registration, and deletes it", async () => {
    const html = await upload({ filename: 'avatar.png' }, '<html><script>steal()</script></html>', { 'content-type': 'text/html' });
    const refused = await confirm(html.object_id);
    expect(refused.status).toBe(415);
    expect((await hostile.platform.bucket.private.keys(`pending/${html.object_id}/`)).length).toBe(0);
  });

  it('serves bytes through the API with X-Content-Type-Options: nosniff', async () => {
    const url = await upload({ filename: 'n.png', contentType: 'image/png', size: 3 }, 'png');
    await confirmed(url.object_id);
    const res = await api('GET', `/api/v1/storage/objects/${url.object_id}/content`, { token: alice.token, headers: { accept: 'application/octet-stream' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
