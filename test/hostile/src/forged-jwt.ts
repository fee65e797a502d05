import { createHmac } from 'node:crypto';

const HMAC_OF: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

const segment = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

export interface AccessClaims {
  sub: string;
  role: string;
  email: string;
  typ?: string;
  iat?: number;
  exp?: number;
}

/** A JWT signed with any HMAC algorithm and key, as an attacker who guessed or stole one would make it. */
export function hmacJwt(claims: AccessClaims, secret: string, alg: keyof typeof HMAC_OF = 'HS256'): string {
  const unsigned = `${segment({ alg, typ: 'JWT' })}.${segment(claims)}`;
  return `${unsigned}.${createHmac(HMAC_OF[alg]!, secret).update(unsigned).digest('base64url')}`;
}

/** An unsigned JWT (`alg: none`, in any spelling), the oldest trick against JWT libraries. */
export function unsignedJwt(claims: AccessClaims, alg = 'none'): string {
  return `${segment({ alg, typ: 'JWT' })}.${segment(claims)}.`;
}

/** The claims of a token, unverified. */
export const claimsOf = (token: string): AccessClaims => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));

export const nowSeconds = () => Math.floor(Date.now() / 1000);
