import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { identify, registerAccessTokens, VerifiedTokens } from '../src/index.js';

const SECRET = 'a-secret-of-at-least-32-characters-for-tests';
const OTHER_SECRET = 'another-secret-of-at-least-32-characters-xx';
const apps: FastifyInstance[] = [];

/** An app whose one route answers the caller's identity, as every signed-in route reads it. */
async function appWith(secret: string): Promise<FastifyInstance> {
  const app = Fastify();
  await registerAccessTokens(app, { secret, expiresInSeconds: 900 });
  app.get('/me', async (request, reply) => {
    try {
      return await identify(request, 'user');
    } catch (error) {
      return reply.code(401).send({ message: (error as Error).message });
    }
  });
  apps.push(app);
  return app;
}

/** A token signed by `app` (so with its secret), as the gateway signs them. */
const tokenFrom = (app: FastifyInstance, sub: string, expiresIn = '1m') =>
  app.jwt.sign({ sub, typ: 'access', role: 'user', email: 'fan@example.com' }, { expiresIn });

const me = (app: FastifyInstance, token: string) => app.inject({ url: '/me', headers: { authorization: `Bearer ${token}` } });

afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

describe('verified access tokens (registerAccessTokens, docs/decisions/0966)', () => {
  it('answers a token it verified before from the cache, and only that exact token', async () => {
    const app = await appWith(SECRET);
    const other = await appWith(OTHER_SECRET);
    const token = tokenFrom(app, 'fan-1');
    expect((await me(app, token)).json()).toMatchObject({ id: 'fan-1' });
    expect(app.verifiedTokens?.get(`Bearer ${token}`)).toMatchObject({ sub: 'fan-1' });
    expect((await me(app, token)).json()).toMatchObject({ id: 'fan-1' });

    // The same claims signed with another key, and a token with its signature changed, are still checked and refused.
    const forged = tokenFrom(other, 'fan-1');
    expect((await me(app, forged)).statusCode).toBe(401);
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await me(app, tampered)).statusCode).toBe(401);
    expect(app.verifiedTokens?.get(`Bearer ${forged}`)).toBeUndefined();
    expect(app.verifiedTokens?.get(`Bearer ${tampered}`)).toBeUndefined();
  });

  it('never answers a cached token past its expiry', async () => {
    const app = await appWith(SECRET);
    const token = tokenFrom(app, 'fan-2', '2s');
    expect((await me(app, token)).statusCode).toBe(200);
    const claims = app.verifiedTokens?.get(`Bearer ${token}`) as { exp: number } | undefined;
    expect(claims?.exp).toBeTypeOf('number');
    expect(app.verifiedTokens?.get(`Bearer ${token}`, claims!.exp * 1000 - 1)).toBeDefined();
    expect(app.verifiedTokens?.get(`Bearer ${token}`, claims!.exp * 1000)).toBeUndefined();
    // Through the route too: once the token has expired, the cache does not vouch for it.
    await new Promise((resolve) => setTimeout(resolve, claims!.exp * 1000 - Date.now() + 10));
    const late = await me(app, token);
    expect(late.statusCode).toBe(401);
    expect(late.json().message).toMatch(/invalid or expired/);
  });

  it('keeps each instance to its own secret: a token one app verified is refused by another', async () => {
    const first = await appWith(SECRET);
    const second = await appWith(OTHER_SECRET);
    const token = tokenFrom(first, 'fan-3');
    expect((await me(first, token)).statusCode).toBe(200);
    expect((await me(second, token)).statusCode).toBe(401);
  });

  it('holds at most its size, least recently used out first', () => {
    const tokens = new VerifiedTokens(2);
    const exp = Math.floor(Date.now() / 1000) + 60;
    const claims = (sub: string) => ({ sub, role: 'user' as const, email: `${sub}@example.com`, typ: 'access' as const, exp });
    tokens.remember('a', claims('a'));
    tokens.remember('b', claims('b'));
    tokens.get('a');
    tokens.remember('c', claims('c'));
    expect(tokens.get('a')?.sub).toBe('a');
    expect(tokens.get('b')).toBeUndefined();
    expect(tokens.get('c')?.sub).toBe('c');
    // A token without exp would be valid forever: it is not kept.
    const { exp: _none, ...withoutExp } = claims('d');
    tokens.remember('d', withoutExp);
    expect(tokens.get('d')).toBeUndefined();
  });
});
