import { createHmac } from 'node:crypto';
import pg from 'pg';
import { infra, schemaFor, TEST_JWT_SECRET } from '@platform/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startTestGateway } from './harness.js';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
function signHs256(payload: object, secret = TEST_JWT_SECRET): string {
  const head = b64({ alg: 'HS256', typ: 'JWT' });
  const body = b64(payload);
  const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

describe('auth through the gateway', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await startTestGateway();
  });
  afterAll(async () => h?.close());

  it('registers, refuses a duplicate email, and logs in', async () => {
    const email = 'ada@example.com';
    const created = await h.api.post('/api/auth/register', { email: 'Ada@Example.com', password: 'password-123', name: 'Ada', clubId: 'psg' });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ email, name: 'Ada', clubId: 'psg', role: 'user' });
    expect(created.body.token.split('.')).toHaveLength(3);
    expect(created.body.user).not.toHaveProperty('passwordHash');

    const again = await h.api.post('/api/auth/register', { email, password: 'password-456', name: 'Ada 2', clubId: 'psg' });
    expect(again.status).toBe(409);

    const login = await h.api.post('/api/auth/login', { email, password: 'password-123' });
    expect(login.status).toBe(200);
    const me = await h.api.get('/api/auth/me', login.body.token);
    expect(me.status).toBe(200);
    expect(me.body.email).toBe(email);
  });

  it('refuses a wrong password and an unknown email with the same 401', async () => {
    const { user } = await h.api.register();
    const wrong = await h.api.post('/api/auth/login', { email: user.email, password: 'not-the-password' });
    const unknown = await h.api.post('/api/auth/login', { email: 'nobody@example.com', password: 'whatever-123' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
  });

  it('names the bad field', async () => {
    const res = await h.api.post('/api/auth/register', { email: 'not-an-email', password: 'password-123', name: 'X', clubId: 'psg' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'email' });
    expect(res.body.error.message).toMatch(/^email: /);
    const short = await h.api.post('/api/auth/register', { email: 'x@example.com', password: 'short', name: 'X', clubId: 'psg' });
    expect(short.body.error.field).toBe('password');
    const extra = await h.api.post('/api/auth/login', { email: 'x@example.com', password: 'p', admin: true });
    expect(extra.status).toBe(400);
    expect(extra.body.error.field).toBe('admin');
  });

  it('rotates refresh tokens, and a reused one revokes the whole family', async () => {
    const session = await h.api.register();
    const first = await h.api.post('/api/auth/refresh', { refreshToken: session.refreshToken });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(session.refreshToken);

    const reuse = await h.api.post('/api/auth/refresh', { refreshToken: session.refreshToken });
    expect(reuse.status).toBe(401);
    // The token issued by the legitimate rotation is now revoked too.
    const afterTheft = await h.api.post('/api/auth/refresh', { refreshToken: first.body.refreshToken });
    expect(afterTheft.status).toBe(401);
  });

  it('lets exactly one of two concurrent refreshes with the same token win', async () => {
    const session = await h.api.register();
    const results = await Promise.all([1, 2, 3].map(() => h.api.post('/api/auth/refresh', { refreshToken: session.refreshToken })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
  });

  it('logout revokes the refresh token', async () => {
    const session = await h.api.register();
    expect((await h.api.post('/api/auth/logout', { refreshToken: session.refreshToken })).status).toBe(200);
    expect((await h.api.post('/api/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(401);
  });

  it('refuses tampered, expired, alg:none and wrongly signed tokens', async () => {
    const { token, user } = await h.api.register();
    const [head, body, sig] = token.split('.');
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    const tampered = `${head}.${b64({ ...claims, role: 'admin' })}.${sig}`;
    const now = Math.floor(Date.now() / 1000);
    const expired = signHs256({ sub: user.id, role: 'user', email: user.email, typ: 'access', iat: now - 3600, exp: now - 60 });
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, role: 'admin' })}.`;
    const wrongKey = signHs256({ ...claims }, 'another-secret-that-is-also-long-enough!!');
    for (const bad of [tampered, expired, none, wrongKey, 'garbage']) {
      const res = await h.api.get('/api/auth/me', bad);
      expect(res.status, bad).toBe(401);
    }
    expect((await h.api.get('/api/auth/me', token)).status).toBe(200);
  });

  it('refuses anonymous callers on user routes and users on admin routes', async () => {
    expect((await h.api.get('/api/auth/me')).status).toBe(401);
    const { token } = await h.api.register();
    const asUser = await h.api.get('/api/admin/users', token);
    expect(asUser.status).toBe(403);
    expect(asUser.body.error.code).toBe('FORBIDDEN');
  });

  it('serves admin routes to an admin, with keyset pagination', async () => {
    const admin = await h.api.register();
    const client = new pg.Client({ connectionString: infra.databaseUrl });
    await client.connect();
    await client.query(`UPDATE "${schemaFor('gateway', h.namespace)}".users SET role = 'admin' WHERE id = $1`, [admin.user.id]);
    await client.end();
    const { body: session } = await h.api.post('/api/auth/login', { email: admin.user.email, password: 'password-123' });
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: any = await h.api.get(`/api/admin/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`, session.token);
      expect(page.status).toBe(200);
      for (const u of page.body.users) {
        expect(seen.has(u.id)).toBe(false);
        seen.add(u.id);
      }
      cursor = page.body.nextCursor;
    } while (cursor);
    // The account count is the admin view's; the public stats carry none.
    const stats = await h.api.get('/api/admin/stats', session.token);
    expect(seen.size).toBe(stats.body.users);
    expect((await h.api.get('/api/stats')).body.users).toBeUndefined();
    expect((await h.api.get('/api/admin/users?cursor=bogus', session.token)).body.error.field).toBe('cursor');
  });
});

describe('internal user lookup over NATS', () => {
  it('finds a user by id or email and answers NOT_FOUND otherwise', async () => {
    const { connect } = await import('@nats-io/transport-node');
    const { auth, operationSubject } = await import('@platform/contracts');
    const { infra } = await import('@platform/testkit');
    const h = await startTestGateway();
    const nc = await connect({ servers: infra.natsUrl });
    try {
      const { user } = await h.api.register();
      const ask = async (input: unknown) =>
        (
          await nc.request(operationSubject(auth.findUser, h.namespace), JSON.stringify({ input, ctx: { requestId: 't', deadline: Date.now() + 3000 } }))
        ).json<any>();
      expect(await ask({ id: user.id })).toMatchObject({ ok: true, data: { email: user.email } });
      expect(await ask({ email: user.email.toUpperCase() })).toMatchObject({ ok: true, data: { id: user.id } });
      expect(await ask({ id: '00000000-0000-4000-8000-0000000000ff' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await ask({})).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    } finally {
      await nc.close();
      await h.close();
    }
  });
});
