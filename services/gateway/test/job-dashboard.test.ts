import { createHmac } from 'node:crypto';
import { sign } from '@fastify/cookie';
import { TEST_JWT_SECRET } from '@platform/testkit';
import { adminSession } from '@platform/testkit/admin';
import { dropNamespaceKeys } from '@platform/testkit/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startTestGateway } from './harness.js';

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('job dashboard (bull-board) at /admin/queues', () => {
  let h: GatewayHarness;
  const html = { accept: 'text/html,application/xhtml+xml' };

  /** A request the way a browser sends it: no redirects followed, cookies given explicitly. */
  const browse = (path: string, init: { method?: string; cookie?: string; body?: string; headers?: Record<string, string> } = {}) =>
    fetch(`${h.api.baseUrl}${path}`, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      body: init.body,
      headers: {
        ...html,
        ...(init.cookie ? { cookie: init.cookie } : {}),
        ...(init.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...init.headers,
      },
    });
  const signIn = (email: string, password: string) => browse('/admin/login', { method: 'POST', body: form({ email, password }) });
  const sessionCookie = (res: Response) => res.headers.get('set-cookie')?.split(';')[0];

  beforeAll(async () => {
    h = await startTestGateway();
  });
  afterAll(async () => {
    await h?.close();
    await dropNamespaceKeys(h.namespace);
  });

  it('serves a sign-in page and sends anonymous browsers to it', async () => {
    const page = await browse('/admin/login');
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<form method="post" action="\/admin\/login">/);

    const board = await browse('/admin/queues');
    expect(board.status).toBe(303);
    expect(board.headers.get('location')).toBe('/admin/login');
    const api = await fetch(`${h.api.baseUrl}/admin/queues/api/queues`);
    expect(api.status).toBe(401);
    expect((await api.json()).error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a wrong password and a non-admin user without setting a session', async () => {
    const user = await h.api.register();
    const wrong = await signIn(user.user.email, 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();

    const asUser = await signIn(user.user.email, 'password-123');
    expect(asUser.status).toBe(403);
    expect(asUser.headers.get('set-cookie')).toBeNull();
    expect(await asUser.text()).toMatch(/administrators/);
  });

  it('lets an admin in with a signed, httpOnly, SameSite=Strict, short-lived cookie', async () => {
    const admin = await adminSession(h.api, h.namespace);
    const login = await signIn(admin.email, admin.password);
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/admin/queues');
    const setCookie = login.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^admin_session=/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\/admin\/queues/);
    expect(setCookie).toMatch(new RegExp(`Max-Age=${h.config.ACCESS_TOKEN_TTL_SECONDS}`));
    const cookie = sessionCookie(login)!;

    const board = await browse('/admin/queues', { cookie });
    expect(board.status).toBe(200);
    expect(board.headers.get('content-type')).toMatch(/text\/html/);
    const page = await board.text();
    expect(page).toMatch(/<base href="\/admin\/queues\/?"/);
    // Nothing loads from outside (bull-board's page asks Google Fonts for its typefaces).
    expect(page).not.toMatch(/fonts\.googleapis|fonts\.gstatic/);
    expect(page).not.toMatch(/<(?:link|script)[^>]+(?:href|src)="https?:\/\//);
    // The UI's own script loads from behind the same session.
    const script = /<script defer src="([^"]+)"/.exec(page)![1];
    const asset = await browse(`/admin/queues/${script}`, { cookie, headers: { accept: '*/*' } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect((await browse(`/admin/queues/${script}`, { headers: { accept: '*/*' } })).status).toBe(401);

    const api = await browse('/admin/queues/api/queues', { cookie, headers: { accept: 'application/json' } });
    expect(api.status).toBe(200);
    expect((await api.json()).queues.map((q: { name: string }) => q.name)).toContain('template-sync');

    // Actions reach the queue through the gateway's hand-over to the board: a PUT without a body, one with JSON.
    const json = { cookie, headers: { accept: 'application/json' } };
    const queueState = async () =>
      (
        (await (await browse('/admin/queues/api/queues', json)).json()).queues as Array<{ name: string; isPaused: boolean; globalConcurrency: number | null }>
      ).find((q) => q.name === 'template-sync')!;
    expect((await browse('/admin/queues/api/queues/template-sync/pause', { ...json, method: 'PUT' })).status).toBe(200);
    const concurrency = await fetch(`${h.api.baseUrl}/admin/queues/api/queues/template-sync/concurrency`, {
      method: 'PUT',
      headers: { cookie, accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ concurrency: 3 }),
    });
    expect(concurrency.status).toBe(200);
    expect(await queueState()).toMatchObject({ isPaused: true, globalConcurrency: 3 });
    expect((await browse('/admin/queues/api/queues/template-sync/resume', { ...json, method: 'PUT' })).status).toBe(200);
    expect((await queueState()).isPaused).toBe(false);
    expect((await browse('/admin/queues/api/no-such-route', json)).status).toBe(404);

    // The admin's own bearer token is not a dashboard session, and a tampered cookie is refused.
    expect((await browse('/admin/queues', { cookie: `admin_session=${admin.token}` })).status).toBe(303);
    const [name, value] = cookie.split('=');
    // Flip one character of the signature (the last but one: the last one of base64 carries unused bits).
    const flipped = value.at(-2) === 'A' ? 'B' : 'A';
    const tampered = `${name}=${value.slice(0, -2)}${flipped}${value.slice(-1)}`;
    expect((await browse('/admin/queues', { cookie: tampered })).status).toBe(303);

    const logout = await browse('/admin/logout', { method: 'POST', cookie });
    expect(logout.status).toBe(303);
    expect(logout.headers.get('set-cookie')).toMatch(/admin_session=;/);
  });

  it('answers 403 to a valid session whose token is not an admin one, and to a JSON sign-in of a non-admin', async () => {
    // Sign a user's access token the way the dashboard would; the dashboard must still look at the role.
    const user = await h.api.register();
    const secret = createHmac('sha256', TEST_JWT_SECRET).update('job-dashboard-cookie').digest('base64url');
    const cookie = `admin_session=${encodeURIComponent(sign(user.token, secret))}`;
    const board = await browse('/admin/queues', { cookie });
    expect(board.status).toBe(403);
    const api = await browse('/admin/queues/api/queues', { cookie, headers: { accept: 'application/json' } });
    expect(api.status).toBe(403);
    expect((await api.json()).error.code).toBe('FORBIDDEN');

    const json = await fetch(`${h.api.baseUrl}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.user.email, password: 'password-123' }),
    });
    expect(json.status).toBe(403);
    expect((await json.json()).error.code).toBe('FORBIDDEN');
  });
});
