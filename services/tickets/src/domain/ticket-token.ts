import { sign, verify } from 'node:crypto';
import { z } from 'zod';
import type { KeyRing } from './signing-keys.js';

/**
 * The ticket token a QR code carries (format v1, docs/services/tickets.md):
 *
 *   base64url(JSON claims) "." base64url(Ed25519 signature over the first part's ASCII bytes)
 *
 * Claims: v (format version, 1), kid (signing key id), tid (ticket id), evt
 * (event id), cat (category code), sub (holder's user id), nbf and exp (valid
 * from / until, Unix seconds). Compact enough for a QR code a phone camera reads
 * easily, and verifiable offline with nothing but the published public key.
 * Ed25519 signatures are deterministic: the same ticket always gives the same token.
 */
export const TOKEN_VERSION = 1;

export interface TicketClaims {
  v: typeof TOKEN_VERSION;
  kid: string;
  tid: string;
  evt: string;
  cat: string;
  sub: string;
  nbf: number;
  exp: number;
}

const claimsSchema = z.object({
  v: z.literal(TOKEN_VERSION),
  kid: z.string().min(1).max(64),
  tid: z.string().min(1).max(64),
  evt: z.string().min(1).max(64),
  cat: z.string().min(1).max(32),
  sub: z.string().min(1).max(64),
  nbf: z.number().int(),
  exp: z.number().int(),
});

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const ED25519_SIGNATURE_BYTES = 64;
/** Scanner and server clocks disagree a little; a minute either way is tolerated. */
export const CLOCK_LEEWAY_SECONDS = 60;

export const toUnixSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

export interface TicketFacts {
  ticketId: string;
  eventId: string;
  category: string;
  holderId: string;
  validFrom: Date;
  validUntil: Date;
}

export function signTicketToken(facts: TicketFacts, ring: KeyRing): string {
  // Fixed member order, so the token is a pure function of the ticket and the key.
  const claims: TicketClaims = {
    v: TOKEN_VERSION,
    kid: ring.active.kid,
    tid: facts.ticketId,
    evt: facts.eventId,
    cat: facts.category,
    sub: facts.holderId,
    nbf: toUnixSeconds(facts.validFrom),
    exp: toUnixSeconds(facts.validUntil),
  };
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = sign(null, Buffer.from(body, 'ascii'), ring.active.privateKey);
  return `${body}.${signature.toString('base64url')}`;
}

export type TokenVerification =
  | { ok: true; claims: TicketClaims }
  | { ok: false; reason: 'invalid_token' | 'invalid_signature' }
  | { ok: false; reason: 'not_yet_valid' | 'expired'; claims: TicketClaims };

/** Reads the claims without checking anything: for display and tests only. */
export function decodeClaims(token: string): unknown {
  const [body] = token.split('.');
  try {
    return JSON.parse(Buffer.from(body ?? '', 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Checks a token the way a scanner does offline: shape, then the signature
 * with the key its `kid` names, then the validity window. Claims are trusted
 * only once the signature holds.
 */
export function verifyTicketToken(token: string, ring: KeyRing, nowSeconds: number): TokenVerification {
  const parts = token.split('.');
  if (parts.length !== 2 || !parts.every((part) => BASE64URL.test(part))) return { ok: false, reason: 'invalid_token' };
  const [body, signatureText] = parts;
  const parsed = claimsSchema.safeParse(decodeClaims(token));
  if (!parsed.success) return { ok: false, reason: 'invalid_token' };
  const claims = parsed.data as TicketClaims;

  const key = ring.find(claims.kid);
  const signature = Buffer.from(signatureText, 'base64url');
  // Canonical encoding only: base64url decoding ignores a last character's spare bits, so without
  // this check a token with an edited final character could still verify.
  const canonical = signature.length === ED25519_SIGNATURE_BYTES && signature.toString('base64url') === signatureText;
  if (!key || !canonical) return { ok: false, reason: 'invalid_signature' };
  if (!verify(null, Buffer.from(body, 'ascii'), key.publicKey, signature)) return { ok: false, reason: 'invalid_signature' };

  if (nowSeconds + CLOCK_LEEWAY_SECONDS < claims.nbf) return { ok: false, reason: 'not_yet_valid', claims };
  if (nowSeconds - CLOCK_LEEWAY_SECONDS >= claims.exp) return { ok: false, reason: 'expired', claims };
  return { ok: true, claims };
}
