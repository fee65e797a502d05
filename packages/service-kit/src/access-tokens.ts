import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { AccessTokenClaims } from './auth.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Access tokens this instance has verified, by their exact Authorization header (registerAccessTokens). */
    verifiedTokens?: VerifiedTokens;
  }
}

/**
 * Verified access tokens, keyed by the exact Authorization header that carried
 * them, each kept until its own `exp` at the latest. Clients send the same
 * token for its whole life, and @fastify/jwt's path for a token it had cached
 * still decoded it and hashed it (SHA-256) for the cache key: 8 % of the
 * gateway's CPU per authenticated request under load (docs/decisions/0966).
 * An exact string match needs neither. Only a token that verified is kept, so
 * nobody can fill the cache without our secret; it holds `max` tokens, least
 * recently used out first.
 */
export class VerifiedTokens {
  private readonly cache: LRUCache<string, { claims: AccessTokenClaims; expiresAtMs: number }>;

  constructor(max = 10_000) {
    this.cache = new LRUCache({ max });
  }

  /** The claims of a header verified before, while its token has not expired. */
  get(authorization: string, now = Date.now()): AccessTokenClaims | undefined {
    const entry = this.cache.get(authorization);
    if (!entry) return undefined;
    if (entry.expiresAtMs > now) return entry.claims;
    this.cache.delete(authorization);
    return undefined;
  }

  /** Keeps a verified token's claims; a token without `exp` is not kept (ours always have one). */
  remember(authorization: string, claims: AccessTokenClaims & { exp?: unknown }): void {
    if (typeof claims.exp !== 'number') return;
    this.cache.set(authorization, { claims, expiresAtMs: claims.exp * 1000 });
  }
}

export interface AccessTokenOptions {
  secret: string;
  /** Lifetime of the tokens this instance signs (the gateway's); services that only verify leave it out. */
  expiresInSeconds?: number;
  /** How many verified tokens to keep (default 10,000). */
  cacheSize?: number;
}

/**
 * @fastify/jwt for access tokens: HS256 only (so `alg: none` and a public key
 * passed off as a secret are refused), expiry checked, and the instance's
 * cache of verified tokens that verifiedAccessToken() reads first.
 */
export async function registerAccessTokens(app: FastifyInstance, options: AccessTokenOptions): Promise<void> {
  await app.register(fastifyJwt, {
    secret: options.secret,
    ...(options.expiresInSeconds ? { sign: { algorithm: 'HS256', expiresIn: options.expiresInSeconds } } : {}),
    verify: { algorithms: ['HS256'] },
  });
  app.decorate('verifiedTokens', new VerifiedTokens(options.cacheSize));
}
