import { defineOperation, DomainError } from '@platform/contracts';
import { baseEnvSchema, parseConfig, Service } from '@platform/service-kit';
import { serviceEnv } from '@platform/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type GatewayHarness, startTestGateway } from './harness.js';

// Test-only operations, served by a probe service started in this file.
const echo = defineOperation({
  name: 'probe.echo',
  service: 'probe',
  summary: 'echo',
  auth: 'user',
  http: { method: 'POST', path: '/api/probe/echo' },
  timeoutMs: 400,
  input: z.strictObject({ message: z.string().max(100), delayMs: z.number().int().min(0).max(5000).default(0) }),
  output: z.object({ message: z.string(), userId: z.string(), instance: z.string() }),
});
const ghost = defineOperation({
  name: 'ghost.ping',
  service: 'ghost',
  summary: 'nobody serves this',
  auth: 'public',
  http: { method: 'GET', path: '/api/ghost/ping' },
  input: z.object({}),
  output: z.object({}),
});
const limited = defineOperation({
  name: 'probe.limited',
  service: 'probe',
  summary: 'rate limited',
  auth: 'public',
  http: { method: 'GET', path: '/api/probe/limited', rateLimit: { max: 3, timeWindowMs: 60_000 } },
  errorStyle: 'success-flag',
  input: z.object({}),
  output: z.object({ success: z.literal(true) }),
});
const refuse = defineOperation({
  name: 'probe.refuse',
  service: 'probe',
  summary: 'always refuses',
  auth: 'public',
  http: { method: 'POST', path: '/api/probe/refuse' },
  errorStyle: 'flat',
  input: z.object({ id: z.string() }),
  output: z.object({}),
});

describe('gateway routing over real NATS', () => {
  let h: GatewayHarness;
  let probe: Service;
  beforeAll(async () => {
    h = await startTestGateway({ BODY_LIMIT_BYTES: '2048', CORS_ORIGINS: 'https://app.example.com', RATE_LIMIT_ROUTE_FACTOR: '1' }, [
      echo,
      ghost,
      limited,
      refuse,
    ]);
    probe = new Service({ name: 'probe', config: parseConfig(baseEnvSchema, serviceEnv('probe', h.namespace)) });
    probe.handle(echo, async (input, ctx) => {
      await new Promise((resolve) => setTimeout(resolve, input.delayMs));
      return { message: input.message, userId: ctx.user!.id, instance: 'probe-1' };
    });
    probe.handle(limited, async () => ({ success: true as const }));
    probe.handle(refuse, async (input) => {
      throw new DomainError('NOT_FOUND', `order ${input.id} not found`);
    });
    await probe.connect();
  });
  afterAll(async () => {
    await probe?.stop();
    await h?.close();
  });

  it('round-trips an authenticated request with the caller identity', async () => {
    const { token, user } = await h.api.register();
    const res = await h.api.post('/api/probe/echo', { message: 'hello' }, token, { 'x-request-id': 'trace-123' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: 'hello', userId: user.id, instance: 'probe-1' });
    expect(res.headers.get('x-request-id')).toBe('trace-123');
  });

  it('answers 504 when the service misses its deadline', async () => {
    const { token } = await h.api.register();
    const res = await h.api.post('/api/probe/echo', { message: 'slow', delayMs: 1500 }, token);
    expect(res.status).toBe(504);
    expect(res.body.error.code).toBe('DEADLINE_EXCEEDED');
  });

  it('answers 503 when no instance serves the operation', async () => {
    const res = await h.api.get('/api/ghost/ping');
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('answers 400 naming the field, for bad types and unknown fields', async () => {
    const { token } = await h.api.register();
    const wrongType = await h.api.post('/api/probe/echo', { message: 42 }, token);
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.field).toBe('message');
    const unknown = await h.api.post('/api/probe/echo', { message: 'x', sneaky: 1 }, token);
    expect(unknown.body.error.field).toBe('sneaky');
    const missing = await h.api.post('/api/probe/echo', undefined, token);
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/^message: is required/);
    const array = await h.api.request('POST', '/api/probe/echo', { rawBody: '[1,2]', token, headers: { 'content-type': 'application/json' } });
    expect(array.status).toBe(400);
    expect(array.body.error.message).toMatch(/body/);
  });

  it('answers 400 to malformed JSON and 413 to an oversize body', async () => {
    const { token } = await h.api.register();
    const malformed = await h.api.request('POST', '/api/probe/echo', { rawBody: '{"message": ', token, headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/JSON/);
    const huge = await h.api.post('/api/probe/echo', { message: 'x'.repeat(5000) }, token);
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers JSON 404 for unknown routes', async () => {
    const res = await h.api.get('/api/does-not-exist');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('rate-limits per route with 429 in the route error style', async () => {
    const statuses: number[] = [];
    let last: any;
    for (let i = 0; i < 5; i++) {
      last = await h.api.get('/api/probe/limited');
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(last.body).toMatchObject({ success: false, code: 'RATE_LIMITED' });
    expect(last.headers.get('retry-after')).toBeTruthy();
  });

  it('renders service errors in the route error style', async () => {
    const res = await h.api.post('/api/probe/refuse', { id: 'A1' });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: 'order A1 not found', code: 'NOT_FOUND' });
  });

  it('allows CORS preflight from an allowed origin and refuses others', async () => {
    const preflight = (origin: string) =>
      fetch(`${h.api.baseUrl}/api/probe/echo`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
      });
    const allowed = await preflight('https://app.example.com');
    expect(allowed.status).toBeLessThan(300);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    const refused = await preflight('https://evil.example.net');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends helmet security headers', async () => {
    const res = await h.api.get('/api/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBeTruthy();
  });

  it('serves the OpenAPI document and Swagger UI from the contracts', async () => {
    const doc = await h.api.get('/docs/json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/probe/echo', '/api/health']));
    const ui = await fetch(`${h.api.baseUrl}/docs/`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toMatch(/swagger/i);
  });

  it('reports dependencies and services in /api/health', async () => {
    const res = await h.api.get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body.dependencies).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'up' }, nats: { status: 'up' } });
  });
});
