import { DomainError, social } from '@platform/contracts';
import type { AccessTokenClaims } from '@platform/service-kit';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface RealtimeIdentity {
  userId: string;
  /** Epoch milliseconds; the socket is closed then (close code 4001) and the client reconnects with a fresh token. */
  expiresAt: number;
}

/**
 * The access token of an upgrade request. Browsers cannot set headers on a
 * WebSocket, so it comes as the subprotocol pair `bearer, <token>` (preferred:
 * it stays out of URLs and access logs) or as `?access_token=`; other clients
 * may send `Authorization: Bearer`.
 */
export function tokenOf(request: FastifyRequest): string | undefined {
  const offered = request.headers['sec-websocket-protocol'];
  if (typeof offered === 'string') {
    const protocols = offered.split(',').map((p) => p.trim());
    const at = protocols.indexOf(social.REALTIME_SUBPROTOCOL);
    if (at >= 0 && protocols[at + 1]) return protocols[at + 1];
  }
  const query = (request.query ?? {}) as Record<string, unknown>;
  if (typeof query.access_token === 'string' && query.access_token.length > 0) return query.access_token;
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && /^bearer /i.test(authorization)) return authorization.slice(7).trim();
  return undefined;
}

/** Verifies with the gateway's own JWT settings (HS256 only), as every HTTP route does. */
export function verifyAccessToken(app: FastifyInstance, token: string | undefined): RealtimeIdentity {
  if (!token) {
    throw new DomainError('UNAUTHENTICATED', 'Sign in first: offer the subprotocols "bearer" and your access token, or send ?access_token=');
  }
  let claims: AccessTokenClaims & { exp?: number };
  try {
    claims = app.jwt.verify<AccessTokenClaims & { exp?: number }>(token);
  } catch {
    throw new DomainError('UNAUTHENTICATED', 'The access token is invalid or expired');
  }
  if (claims.typ !== 'access' || typeof claims.sub !== 'string' || typeof claims.exp !== 'number') {
    throw new DomainError('UNAUTHENTICATED', 'The access token is invalid or expired');
  }
  return { userId: claims.sub, expiresAt: claims.exp * 1000 };
}
