import { createHmac } from 'node:crypto';
import { dropNamespaceSchemas, startGateway, TEST_JWT_SECRET, type TestGateway, uniqueNamespace } from '@platform/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, PaieCashFanAPIClient } from '../src/index.js';

function expiredTokenFor(user: { id: string; email: string }): string {
  const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const head = b64({ alg: 'HS256', typ: 'JWT' });
  const body = b64({ sub: user.id, role: 'user', email: user.email, typ: 'access', iat: now - 7200, exp: now - 3600 });
  return `${head}.${body}.${createHmac('sha256', TEST_JWT_SECRET).update(`${head}.${body}`).digest('base64url')}`;
}

describe('PaieCashFanAPIClient against the running gateway', () => {
  const namespace = uniqueNamespace('cl');
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startGateway(namespace);
  });
  afterAll(async () => {
    await gateway?.stop();
    await dropNamespaceSchemas(namespace);
  });

  it('registers, logs in and reads the profile with the seed method names', async () => {
    const api = new PaieCashFanAPIClient({ baseURL: `${gateway.api.baseUrl}/api` });
    const email = `sdk-${namespace}@example.com`;
    const registered = await api.register(email, 'password-123', 'Sdk User', 'psg');
    expect(registered.user.email).toBe(email);
    const other = new PaieCashFanAPIClient({ baseURL: gateway.api.baseUrl });
    await other.login(email, 'password-123');
    expect((await other.me()).email).toBe(email);
    expect((await other.health()).dependencies.postgres.status).toBe('up');
  });

  it('throws typed errors with code, status and field', async () => {
    const api = new PaieCashFanAPIClient({ baseURL: gateway.api.baseUrl });
    const error = await api.register('not-an-email', 'password-123', 'X', 'psg').catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', field: 'email' });
  });

  it('refreshes once on an expired access token and retries the call', async () => {
    const api = new PaieCashFanAPIClient({ baseURL: gateway.api.baseUrl });
    const session = await api.register(`sdk2-${namespace}@example.com`, 'password-123', 'Sdk Two', 'psg');
    api.session = { token: expiredTokenFor(session.user), refreshToken: session.refreshToken };
    expect((await api.me()).id).toBe(session.user.id);
    expect(api.session?.refreshToken).not.toBe(session.refreshToken);
  });

  it('refreshes once for concurrent calls that find the token expired (a refresh token is single use)', async () => {
    const paths: string[] = [];
    let expired = 0;
    const api = new PaieCashFanAPIClient({
      baseURL: gateway.api.baseUrl,
      onTokenExpired: () => expired++,
      fetch: (input, init) => {
        paths.push(new URL(String(input)).pathname);
        return fetch(input, init);
      },
    });
    const session = await api.register(`sdk4-${namespace}@example.com`, 'password-123', 'Sdk Four', 'psg');
    api.session = { token: expiredTokenFor(session.user), refreshToken: session.refreshToken };
    const answers = await Promise.all([api.me(), api.me(), api.me()]);
    expect(answers.map((user) => user.id)).toEqual([session.user.id, session.user.id, session.user.id]);
    expect(paths.filter((path) => path === '/api/auth/refresh')).toHaveLength(1);
    expect(expired).toBe(0);
  });

  it('calls onTokenExpired when the refresh fails too', async () => {
    let expired = 0;
    const api = new PaieCashFanAPIClient({ baseURL: gateway.api.baseUrl, onTokenExpired: () => expired++ });
    const session = await api.register(`sdk3-${namespace}@example.com`, 'password-123', 'Sdk Three', 'psg');
    await api.logout();
    api.session = { token: expiredTokenFor(session.user), refreshToken: session.refreshToken };
    await expect(api.me()).rejects.toMatchObject({ status: 401 });
    expect(expired).toBe(1);
    expect(api.session).toBeNull();
  });
});
