import { TEST_JWT_SECRET, uniqueNamespace } from '@platform/testkit';
import { PLATFORM_START_TIMEOUT_MS } from '@platform/testkit/commerce';
import { TEST_TEMPLATE_API_KEY } from '@platform/testkit/template-export';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postChunked } from '../src/chunked-upload.js';
import { type AccessClaims, claimsOf, hmacJwt, nowSeconds, unsignedJwt } from '../src/forged-jwt.js';
import { type HostileAnswer, jsonRequest, refusalMessage, sendHostile } from '../src/hostile-http.js';
import { type HostilePlatform, type Session, startHostilePlatform } from '../src/hostile-platform.js';

const ANSWER_WITHIN_MS = 30_000;
const BODY_LIMIT_BYTES = 1_048_576;

describe('authentication, API keys, rate limits, body limit and headers', () => {
  let hostile: HostilePlatform;
  let alice: Session;
  let bob: Session;

  const call = (method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<HostileAnswer> =>
    sendHostile(hostile.platform.api.baseUrl, jsonRequest(method, path, { headers, body }), ANSWER_WITHIN_MS);
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    hostile = await startHostilePlatform(uniqueNamespace('sec'), {
      only: ['gateway', 'wallet', 'bookings', 'orders-snapshot', 'template-export'],
      // The contracts' own per-route limits (login 10/min, bookings 10/min, orders snapshot 120/min); the global limit stays out of the way.
      serviceEnv: { gateway: { RATE_LIMIT_ROUTE_FACTOR: '1', BODY_LIMIT_BYTES: String(BODY_LIMIT_BYTES) } },
    });
    [alice, bob] = await Promise.all([hostile.newUser(), hostile.newUser()]);
  }, PLATFORM_START_TIMEOUT_MS * 2);

  afterAll(async () => {
    await hostile?.platform.stop();
  });

  describe('access tokens', () => {
    const claimsOfAlice = (overrides: Partial<AccessClaims> = {}): AccessClaims => ({
      sub: alice.user.id,
      role: 'user',
      email: alice.user.email,
      typ: 'access',
      iat: nowSeconds(),
      exp: nowSeconds() + 600,
      ...overrides,
    });

    /** A forged token must be refused on a gateway route, on a route served by another service, and on an admin route. */
    async function expectRefused(token: string) {
      for (const path of ['/api/auth/me', '/api/wallet/balance', '/api/admin/users']) {
        const answer = await call('GET', path, bearer(token));
        expect(answer.status, `${path}: ${answer.text}`).toBe(401);
        expect(refusalMessage(answer.json)).toBeTruthy();
        expect(answer.text).not.toContain(alice.user.email);
      }
    }

    it('accepts a token the gateway signed (the baseline the forgeries are measured against)', async () => {
      expect((await call('GET', '/api/auth/me', bearer(alice.token))).status).toBe(200);
      expect((await call('GET', '/api/wallet/balance', bearer(alice.token))).status).toBe(200);
      // A token we sign with the gateway's own secret works too, so the refusals below are about what was changed.
      expect((await call('GET', '/api/auth/me', bearer(hmacJwt(claimsOfAlice(), TEST_JWT_SECRET)))).status).toBe(200);
    });

    it('refuses alg:none in any spelling, even claiming the admin role', async () => {
      for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
        await expectRefused(unsignedJwt(claimsOfAlice({ role: 'admin' }), alg));
      }
      // The gateway's own signature pasted onto an alg:none header.
      const [, payload, signature] = alice.token.split('.');
      await expectRefused(`${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.${signature}`);
    });

    it('refuses a token signed with another key, or with the right key and another algorithm', async () => {
      await expectRefused(hmacJwt(claimsOfAlice({ role: 'admin' }), 'not-the-secret-but-long-enough-for-hs256-signing'));
      await expectRefused(hmacJwt(claimsOfAlice(), TEST_JWT_SECRET, 'HS512'));
      await expectRefused(hmacJwt(claimsOfAlice(), TEST_JWT_SECRET, 'HS384'));
    });

    it('refuses an expired token, and one not meant for access', async () => {
      await expectRefused(hmacJwt(claimsOfAlice({ iat: nowSeconds() - 3_600, exp: nowSeconds() - 60 }), TEST_JWT_SECRET));
      await expectRefused(hmacJwt(claimsOfAlice({ typ: 'refresh' }), TEST_JWT_SECRET));
      await expectRefused(hmacJwt(claimsOfAlice({ typ: undefined }), TEST_JWT_SECRET));
    });

    it("refuses Alice's token edited to be Bob's or an admin's", async () => {
      const [header, , signature] = alice.token.split('.');
      for (const edit of [{ sub: bob.user.id }, { role: 'admin' }]) {
        const payload = Buffer.from(JSON.stringify({ ...claimsOf(alice.token), ...edit })).toString('base64url');
        await expectRefused(`${header}.${payload}.${signature}`);
      }
    });

    it('refuses malformed Authorization headers with 401 and a message', async () => {
      const variants = [
        'Bearer',
        'Bearer ',
        `Basic ${Buffer.from('a:b').toString('base64')}`,
        alice.token,
        `Bearer ${alice.token}x`,
        'Bearer a.b',
        `Bearer ${'a'.repeat(8_000)}`,
        `Bearer ${alice.refreshToken}`,
      ];
      for (const authorization of variants) {
        const answer = await call('GET', '/api/auth/me', { authorization });
        expect(answer.status, authorization.slice(0, 40)).toBe(401);
        expect(refusalMessage(answer.json)).toBeTruthy();
      }
    });
  });

  describe('refresh tokens', () => {
    it('never takes an access token as a refresh token', async () => {
      const answer = await call('POST', '/api/auth/refresh', {}, { refreshToken: alice.token.slice(0, 512) });
      expect(answer.status).toBe(401);
    });

    it("refuses Bob's refresh token replayed by someone else after Bob rotated it, and revokes Bob's whole session family", async () => {
      const bobSession = await hostile.newUser();
      const stolen = bobSession.refreshToken;
      const rotated = await call('POST', '/api/auth/refresh', {}, { refreshToken: stolen });
      expect(rotated.status).toBe(200);
      const bobsNewRefreshToken = (rotated.json as { refreshToken: string }).refreshToken;
      hostile.secrets.remember('rotated refresh token', bobsNewRefreshToken);

      // The thief presents the stolen token with their own access token: refused, and Bob's newer token dies with it.
      const replay = await call('POST', '/api/auth/refresh', bearer(alice.token), { refreshToken: stolen });
      expect(replay.status).toBe(401);
      expect(refusalMessage(replay.json)).toBeTruthy();
      expect((await call('POST', '/api/auth/refresh', {}, { refreshToken: bobsNewRefreshToken })).status).toBe(401);
    });

    it('refuses a refresh token after its owner signed out', async () => {
      const session = await hostile.newUser();
      expect((await call('POST', '/api/auth/logout', {}, { refreshToken: session.refreshToken })).status).toBe(200);
      expect((await call('POST', '/api/auth/refresh', {}, { refreshToken: session.refreshToken })).status).toBe(401);
    });
  });

  describe('API keys', () => {
    /** Values one edit away from the key. Leading or trailing spaces are not among them: HTTP strips those before any server sees the header. */
    const nearMisses = (key: string) => [
      key.slice(0, -1),
      `${key}x`,
      `${key.slice(0, -1)}${key.at(-1) === 'a' ? 'b' : 'a'}`,
      `x${key.slice(1)}`,
      key.toUpperCase(),
      `${key}${key}`,
      `${key},${key}`,
      `${key}\t.`,
    ];

    it('the Template export refuses near-miss keys, the key in the wrong header and a missing key with 401', async () => {
      expect((await call('GET', '/api/export/stats', { 'x-api-key': TEST_TEMPLATE_API_KEY })).status).toBe(200);
      const attempts: Array<Record<string, string>> = [
        ...nearMisses(TEST_TEMPLATE_API_KEY).map((key) => ({ 'x-api-key': key })),
        { authorization: `Bearer ${TEST_TEMPLATE_API_KEY}` },
        { 'x-api-keys': TEST_TEMPLATE_API_KEY },
        {},
        { 'x-api-key': '' },
      ];
      for (const headers of attempts) {
        for (const path of ['/api/export/stats', '/api/export/users', '/api/export/full']) {
          const answer = await call('GET', path, headers);
          expect(answer.status, `${path} ${JSON.stringify(headers).slice(0, 80)}`).toBe(401);
          expect(refusalMessage(answer.json)).toBeTruthy();
        }
      }
      expect((await call('GET', `/api/export/users?api_key=${TEST_TEMPLATE_API_KEY}`)).status).toBe(401);
    });

    it('the orders snapshot refuses near-miss keys with 401', async () => {
      const key = hostile.apiKeys['orders-snapshot']!;
      expect((await call('GET', '/api/orders/snapshot/NOPE', { 'x-api-key': key })).status).toBe(404);
      for (const miss of nearMisses(key)) {
        const answer = await call('GET', '/api/orders/snapshot/NOPE', { 'x-api-key': miss });
        expect(answer.status).toBe(401);
        expect(refusalMessage(answer.json)).toBeTruthy();
      }
    });
  });

  describe('rate limits from the contracts', () => {
    async function spendUntilLimited(attempt: () => Promise<HostileAnswer>, budget: number) {
      const statuses: number[] = [];
      for (let i = 0; i < budget; i++) statuses.push((await attempt()).status);
      const limited = await attempt();
      return { statuses, limited };
    }

    const expectLimited = (limited: HostileAnswer) => {
      expect(limited.status).toBe(429);
      expect(refusalMessage(limited.json)).toMatch(/Too many requests/);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    };

    it('login: the 11th attempt in a minute is 429, even with the right password', async () => {
      const { statuses, limited } = await spendUntilLimited(
        () => call('POST', '/api/auth/login', {}, { email: alice.user.email, password: 'wrong-password' }),
        10,
      );
      expect(statuses).toEqual(Array(10).fill(401));
      expectLimited(limited);
      expectLimited(await call('POST', '/api/auth/login', {}, { email: alice.user.email, password: alice.password }));
    });

    it('bookings: the 11th reservation in a minute is 429', async () => {
      const { statuses, limited } = await spendUntilLimited(() => call('POST', '/api/bookings/create-reservation', {}, {}), 10);
      expect(statuses).toEqual(Array(10).fill(400));
      expectLimited(limited);
    });

    it('orders snapshot: the 121st post in a minute is 429, even with the right key', async () => {
      const post = (key: string) => call('POST', '/api/orders/snapshot', { 'x-api-key': key }, { event_id: 'RL1', orders: [{ order_id: 'o1' }] });
      const { statuses, limited } = await spendUntilLimited(() => post('not-the-key-0123456789'), 120);
      expect(statuses).toEqual(Array(120).fill(401));
      expectLimited(limited);
      expectLimited(await post(hostile.apiKeys['orders-snapshot']!));
    });
  });

  describe('body size limit', () => {
    it('refuses a body over the limit with 413 in the route’s error style, whether its length is declared or streamed', async () => {
      // Sign-out has no rate limit of its own, so the login and bookings budgets spent above do not answer first.
      const declared = await call('POST', '/api/auth/logout', {}, { refreshToken: 'x'.repeat(BODY_LIMIT_BYTES) });
      expect(declared.status).toBe(413);
      expect(declared.json).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE', field: 'body' } });

      // A route in the seeds' {success: false, error} style, whose rate limit this file has not spent.
      const successFlag = await call('POST', '/admin/api/sync-template', {}, { full: 'x'.repeat(BODY_LIMIT_BYTES) });
      expect(successFlag.status).toBe(413);
      expect(successFlag.json).toMatchObject({ success: false, code: 'PAYLOAD_TOO_LARGE', field: 'body' });
      expect(refusalMessage(successFlag.json)).toBeTruthy();

      // Chunked, with no Content-Length: the limit is counted as the bytes arrive.
      const streamed = await postChunked(`${hostile.platform.api.baseUrl}/api/auth/logout`, BODY_LIMIT_BYTES + 1, ANSWER_WITHIN_MS);
      expect(streamed.status).toBe(413);
      expect(refusalMessage(streamed.json)).toBeTruthy();
    });
  });

  describe('response headers', () => {
    const HELMET_HEADERS: Record<string, RegExp> = {
      'content-security-policy': /default-src 'self'/,
      'x-content-type-options': /^nosniff$/,
      'x-frame-options': /^SAMEORIGIN$/,
      'strict-transport-security': /max-age=\d+/,
      'referrer-policy': /no-referrer/,
      'cross-origin-opener-policy': /same-origin/,
      'cross-origin-resource-policy': /same-origin/,
      'x-dns-prefetch-control': /^off$/,
      'x-permitted-cross-domain-policies': /^none$/,
    };

    it('sends helmet’s headers on successes and on every kind of refusal, and never X-Powered-By', async () => {
      const answers = {
        ok: await call('GET', '/api/auth/me', bearer(alice.token)),
        unauthenticated: await call('GET', '/api/auth/me'),
        'no route': await call('GET', '/api/nowhere'),
        'bad JSON': await call('POST', '/api/auth/logout', { 'content-type': 'application/json' }),
        'too large': await call('POST', '/api/auth/logout', {}, { refreshToken: 'x'.repeat(BODY_LIMIT_BYTES) }),
        'login refusal (429 once its budget is spent)': await call('POST', '/api/auth/login', {}, { email: alice.user.email, password: 'wrong-password' }),
      };
      for (const [what, answer] of Object.entries(answers)) {
        for (const [header, expected] of Object.entries(HELMET_HEADERS)) expect(answer.headers.get(header), `${what}: ${header}`).toMatch(expected);
        expect(answer.headers.get('x-powered-by'), what).toBeNull();
      }
    });

    it('does not let a foreign origin read answers (CORS allowlist)', async () => {
      const answer = await call('GET', '/api/auth/me', { ...bearer(alice.token), origin: 'https://evil.example' });
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
      const preflight = await call('OPTIONS', '/api/wallet/send', {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  it('leaves no password, token, API key or S3 secret in any log', () => {
    expect(hostile.secrets.leaksIn(hostile.platform.output())).toEqual([]);
  });
});
