import { randomUUID } from 'node:crypto';
import { connect as connectTcp } from 'node:net';
import type { NatsConnection } from '@nats-io/transport-node';
import { adminSession } from '@platform/testkit/admin';
import { connectTestNats } from '@platform/testkit/nats';
import { dropNamespaceKeys } from '@platform/testkit/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startTestGateway } from './harness.js';

const APP_ORIGIN = 'https://app.example.com';
const METRICS_TOKEN = 'metrics-token-for-the-scraper-0123456789';

/** Sends `head` and `bodyPart` on a raw socket, then stalls; resolves with everything the server sent before it closed. */
function stallAfter(baseUrl: string, head: string, bodyPart: string): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connectTcp({ host: hostname, port: Number(port) }, () => socket.write(head + bodyPart));
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
    });
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
  });
}

/**
 * The gateway's HTTP edge against what browsers, scrapers and hostile
 * clients send: slow bodies, CORS preflights, /metrics, stats, the error
 * contract, exponent numbers, Fastify's own refusals, and a registration wave.
 */
describe('the HTTP edge', () => {
  let h: GatewayHarness;
  let nc: NatsConnection;

  beforeAll(async () => {
    h = await startTestGateway({
      CORS_ORIGINS: APP_ORIGIN,
      METRICS_TOKEN,
      HTTP_REQUEST_TIMEOUT_MS: '2000',
      HTTP_HEADERS_TIMEOUT_MS: '2000',
      HTTP_TIMEOUT_CHECK_INTERVAL_MS: '250',
      // One hash at a time, and a short line: a wave of sign-ups meets the 503.
      PASSWORD_HASH_CONCURRENCY: '1',
      PASSWORD_HASH_MAX_WAIT_MS: '300',
    });
    // A stand-in for the shop's club list, which registration checks clubId against.
    nc = await connectTestNats();
    nc.subscribe(`${h.namespace}.svc.shop.listClubs`, {
      callback: (_error, msg) => {
        msg.respond(JSON.stringify({ ok: true, data: { clubs: [{ id: 'psg', name: 'Paris Saint-Germain' }] } }));
      },
    });
    await nc.flush();
  }, 120_000);
  afterAll(async () => {
    await nc?.close();
    await h?.close();
    await dropNamespaceKeys(h.namespace);
  });

  const userToken = (role: 'user' | 'admin' = 'user') => h.gateway.http.jwt.sign({ sub: randomUUID(), role, email: 'x@example.com', typ: 'access' });
  const validSignUp = (email: string) => ({ email, password: 'password-123', name: 'Ada Fan', clubId: 'psg' });

  it('cuts off a client that announces 100 bytes of body and sends 2, with 408', async () => {
    const head = 'POST /api/auth/logout HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n';
    const answer = await stallAfter(h.api.baseUrl, head, '{"');
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  }, 60_000);

  it('cuts off a client that never finishes its headers, with 408', async () => {
    const answer = await stallAfter(h.api.baseUrl, 'GET /api/health HTTP/1.1\r\nHost: gateway\r\n', 'X-Slow: 1');
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  }, 60_000);

  it('serves /metrics to the scraper token and administrators only', async () => {
    const anonymous = await h.api.get('/metrics');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
    expect((await h.api.get('/metrics', userToken())).status).toBe(403);
    expect((await h.api.get('/metrics', 'not-the-token')).status).toBe(401);
    const scraped = await h.api.get('/metrics', METRICS_TOKEN);
    expect(scraped.status).toBe(200);
    expect(String(scraped.body)).toMatch(/http_requests_total/);
    expect((await h.api.get('/metrics', userToken('admin'))).status).toBe(200);
  });

  it('shows no counts or amounts in the public stats; the admin view has them', async () => {
    const open = await h.api.get('/api/stats');
    expect(open.status).toBe(200);
    expect(Object.keys(open.body).sort()).toEqual(['gateway', 'services', 'timestamp']);
    expect(Object.keys(open.body.gateway)).toEqual(['uptimeSeconds']);
    for (const state of Object.values(open.body.services)) expect(['up', 'down']).toContain(state);
    expect((await h.api.get('/api/admin/stats')).status).toBe(401);
    expect((await h.api.get('/api/admin/stats', userToken())).status).toBe(403);
    const admin = await h.api.get('/api/admin/stats', userToken('admin'));
    expect(admin.status).toBe(200);
    expect(typeof admin.body.users).toBe('number');
  });

  describe('CORS', () => {
    const preflight = (path: string, method: string, origin = APP_ORIGIN) =>
      h.api.request('OPTIONS', path, {
        headers: {
          origin,
          'access-control-request-method': method,
          'access-control-request-headers': 'authorization,content-type,idempotency-key,x-request-id,x-api-key',
        },
      });

    it('allows PUT and DELETE preflights, with every header the SDK sends, from an allowed origin', async () => {
      for (const [path, method] of [
        ['/api/shop/cart/items/00000000-0000-4000-8000-000000000001', 'PUT'],
        ['/api/social/follows/clubs/psg', 'DELETE'],
        ['/api/v1/storage/objects/abc', 'DELETE'],
      ] as const) {
        const res = await preflight(path, method);
        expect(res.status, `${method} ${path}`).toBe(204);
        expect(res.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
        const methods = res.headers.get('access-control-allow-methods')!.split(/,\s*/);
        for (const m of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) expect(methods).toContain(m);
        const headers = res.headers.get('access-control-allow-headers')!.toLowerCase().split(/,\s*/);
        for (const name of ['authorization', 'content-type', 'idempotency-key', 'x-request-id', 'x-api-key']) expect(headers).toContain(name);
      }
    });

    it('refuses a preflight from an origin not on the list with a 403 that says why', async () => {
      const res = await preflight('/api/wallet/send', 'POST', 'https://evil.example');
      expect(res.status).toBe(403);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.body.error).toMatchObject({ code: 'FORBIDDEN', field: null, fields: [] });
      expect(res.body.error.message).toMatch(/^CORS: the origin https:\/\/evil\.example is not allowed .*CORS_ORIGINS$/);
    });

    it('lets a browser read Retry-After, the X-RateLimit headers and X-Request-Id', async () => {
      const res = await h.api.get('/api/health', undefined, { origin: APP_ORIGIN });
      const exposed = res.headers.get('access-control-expose-headers')!.toLowerCase().split(/,\s*/);
      for (const name of ['retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'x-request-id']) expect(exposed).toContain(name);
      expect(res.headers.get('x-ratelimit-limit')).toBeTruthy();
    });
  });

  describe('one error contract', () => {
    it('names all four bad fields of a register, the first in field', async () => {
      const res = await h.api.post('/api/auth/register', { email: 'not-an-email', password: 'short', name: '', clubId: '' });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['clubId', 'email', 'name', 'password']);
      expect(res.body.error.field).toBe(res.body.error.fields[0].field);
      for (const problem of res.body.error.fields) expect(problem.message).toMatch(new RegExp(`^${problem.field}: `));
      expect(res.body.error.message).toBe(res.body.error.fields[0].message);
    });

    it('puts a duplicate email in field and fields, keeping details', async () => {
      const email = `dup-${randomUUID()}@example.com`;
      expect((await h.api.post('/api/auth/register', validSignUp(email))).status).toBe(201);
      const again = await h.api.post('/api/auth/register', validSignUp(email));
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({ code: 'CONFLICT', field: 'email', fields: [{ field: 'email' }], details: { field: 'email' } });
    }, 60_000);

    it('refuses a clubId no club has', async () => {
      const res = await h.api.post('/api/auth/register', { ...validSignUp(`club-${randomUUID()}@example.com`), clubId: 'no-such-club' });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'clubId' });
    });

    it('refuses a JSON number in exponent form as it refuses the string, naming the field', async () => {
      const token = userToken();
      for (const rawBody of ['{"amount":1e2}', '{"amount":"1e2"}', '{"amount": 5E-1}']) {
        const res = await h.api.request('POST', '/api/wallet/deposit', { rawBody, token, headers: { 'content-type': 'application/json' } });
        expect(res.status, rawBody).toBe(400);
        expect(res.body.error.field, rawBody).toBe('amount');
      }
      // A string that merely looks like one is text, and text fields keep it.
      const text = await h.api.post('/api/auth/login', { email: '1e2@example.com', password: '1e2 2E3' });
      expect(text.status).toBe(401);
    });

    it("never shows Fastify's codes or echoes the URL", async () => {
      const answers = [
        await h.api.get('/api/%E0%A4%A'),
        await h.api.request('POST', '/api/auth/login', { rawBody: 'email=a', headers: { 'content-type': 'text/plain' } }),
        await h.api.request('POST', '/api/auth/login', { rawBody: '{"email":', headers: { 'content-type': 'application/json' } }),
      ];
      for (const res of answers) {
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        const text = JSON.stringify(res.body);
        expect(text).not.toMatch(/FST_|%E0%A4%A/);
        expect(res.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String), fields: expect.any(Array) });
      }
    });
  });

  it('answers a registration wave with 201 or 503 + Retry-After, never 504; a retry with the same key returns the account', async () => {
    const wave = Array.from({ length: 24 }, () => ({ email: `wave-${randomUUID()}@example.com`, key: randomUUID() }));
    const answers = await Promise.all(
      wave.map(async (fan) => ({ fan, res: await h.api.post('/api/auth/register', validSignUp(fan.email), undefined, { 'idempotency-key': fan.key }) })),
    );
    const statuses = answers.map(({ res }) => res.status);
    expect(statuses.filter((status) => status !== 201 && status !== 503)).toEqual([]);
    expect(statuses).toContain(201);

    for (const { fan, res } of answers) {
      if (res.status === 503) {
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(res.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfter: Number(res.headers.get('retry-after')) });
        // Shed before any work: no account behind a 503.
        expect((await h.api.post('/api/auth/login', { email: fan.email, password: 'password-123' })).status).toBe(401);
      } else {
        // The same request again (a client that timed out) gets its account back; another key is a duplicate.
        const replay = await h.api.post('/api/auth/register', validSignUp(fan.email), undefined, { 'idempotency-key': fan.key });
        expect(replay.status).toBe(201);
        expect(replay.body.user.id).toBe(res.body.user.id);
        const other = await h.api.post('/api/auth/register', validSignUp(fan.email), undefined, { 'idempotency-key': randomUUID() });
        expect(other.status).toBe(409);
        const wrongPassword = await h.api.post('/api/auth/register', { ...validSignUp(fan.email), password: 'another-pass' }, undefined, {
          'idempotency-key': fan.key,
        });
        expect(wrongPassword.status).toBe(409);
      }
    }
  }, 180_000);

  it('lets an admin read the limits headers too (admin session through the real login)', async () => {
    const admin = await adminSession(h.api, h.namespace);
    const res = await h.api.get('/api/admin/users', admin.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-limit')).toBe('6000');
  }, 60_000);
});
