import { DomainError, type AuthLevel, type Identity } from '@platform/contracts';
import type { FastifyRequest } from 'fastify';

export interface AccessTokenClaims {
  sub: string;
  role: 'user' | 'admin' | 'staff';
  email: string;
  typ: 'access';
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The access token's claims once verified in this request (a failed check is not kept). */
    verifiedAccessClaims?: AccessTokenClaims;
  }
}

/**
 * The request's access token, verified once per request (the gateway's limits
 * read the caller before the route checks its auth level) and, where the
 * instance registered them with registerAccessTokens(), answered from the
 * instance's verified tokens while the token lasts. Throws what jwtVerify
 * throws.
 */
export async function verifiedAccessToken(request: FastifyRequest): Promise<AccessTokenClaims> {
  if (request.verifiedAccessClaims) return request.verifiedAccessClaims;
  const authorization = request.headers.authorization;
  const known = typeof authorization === 'string' ? request.server.verifiedTokens?.get(authorization) : undefined;
  if (known) {
    request.verifiedAccessClaims = known;
    return known;
  }
  const claims = await request.jwtVerify<AccessTokenClaims>();
  if (typeof authorization === 'string') request.server.verifiedTokens?.remember(authorization, claims);
  request.verifiedAccessClaims = claims;
  return claims;
}

/**
 * Resolves the caller's identity for a route's auth level. Signature, algorithm
 * (HS256 only, so `alg: none` is refused) and expiry are checked by @fastify/jwt.
 */
export async function identify(request: FastifyRequest, level: AuthLevel): Promise<Identity | undefined> {
  const hasToken = typeof request.headers.authorization === 'string';
  if (level === 'public' || level === 'api-key' || ((level === 'optional-user' || level === 'admin-or-api-key') && !hasToken)) return undefined;
  if (!hasToken) throw new DomainError('UNAUTHENTICATED', 'Sign in first: send Authorization: Bearer <token>');
  let claims: AccessTokenClaims;
  try {
    claims = await verifiedAccessToken(request);
  } catch {
    throw new DomainError('UNAUTHENTICATED', 'The access token is invalid or expired');
  }
  if (claims.typ !== 'access' || typeof claims.sub !== 'string') {
    throw new DomainError('UNAUTHENTICATED', 'The access token is invalid or expired');
  }
  const role = claims.role === 'admin' || claims.role === 'staff' ? claims.role : 'user';
  const identity: Identity = { id: claims.sub, role, email: claims.email };
  if (level === 'admin' && identity.role !== 'admin') throw new DomainError('FORBIDDEN', 'This operation is for administrators');
  return identity;
}
