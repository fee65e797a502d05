import { generateKeyPairSync } from 'node:crypto';
import { ConfigError, parseConfig } from '@platform/service-kit';
import { serviceEnv } from '@platform/testkit';
import { describe, expect, it } from 'vitest';
import { ticketsEnvSchema } from '../src/config.js';
import { judgeToken } from '../src/domain/check-in.js';
import { buildKeyRing, keyIdOf, keyRingFromEnv, publishedKey, SigningKeyError } from '../src/domain/signing-keys.js';
import { CLOCK_LEEWAY_SECONDS, decodeClaims, signTicketToken, verifyTicketToken } from '../src/domain/ticket-token.js';

const newKey = () => generateKeyPairSync('ed25519');
const der = (key: ReturnType<typeof newKey>) => ({
  privateKey: key.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
  publicKey: key.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
});

const facts = {
  ticketId: '3f0c7d2e-9a55-4b8e-b2f4-1f7a0c2d9e11',
  eventId: '1',
  category: 'premium',
  holderId: '00000000-0000-4000-8000-000000000001',
  validFrom: new Date('2026-03-01T10:00:00Z'),
  validUntil: new Date('2026-03-01T23:00:00Z'),
};
const during = Date.parse('2026-03-01T20:00:00Z') / 1000;

describe('ticket tokens (pure)', () => {
  it('signs compact, deterministic tokens whose claims say who may enter what, when', () => {
    const ring = buildKeyRing(newKey().privateKey);
    const token = signTicketToken(facts, ring);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{86}$/);
    expect(signTicketToken(facts, ring)).toBe(token);
    expect(decodeClaims(token)).toEqual({
      v: 1,
      kid: ring.active.kid,
      tid: facts.ticketId,
      evt: '1',
      cat: 'premium',
      sub: facts.holderId,
      nbf: Date.parse('2026-03-01T10:00:00Z') / 1000,
      exp: Date.parse('2026-03-01T23:00:00Z') / 1000,
    });
    expect(verifyTicketToken(token, ring, during)).toMatchObject({ ok: true, claims: { tid: facts.ticketId } });
  });

  it('refuses outside the validity window, with a minute of leeway for scanner clocks', () => {
    const ring = buildKeyRing(newKey().privateKey);
    const token = signTicketToken(facts, ring);
    const nbf = facts.validFrom.getTime() / 1000;
    const exp = facts.validUntil.getTime() / 1000;
    expect(verifyTicketToken(token, ring, nbf - CLOCK_LEEWAY_SECONDS - 1)).toMatchObject({ ok: false, reason: 'not_yet_valid' });
    expect(verifyTicketToken(token, ring, nbf - CLOCK_LEEWAY_SECONDS).ok).toBe(true);
    expect(verifyTicketToken(token, ring, exp + CLOCK_LEEWAY_SECONDS - 1).ok).toBe(true);
    expect(verifyTicketToken(token, ring, exp + CLOCK_LEEWAY_SECONDS)).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('keeps verifying tokens of a retired key after a rotation, and refuses keys it does not know', () => {
    const old = newKey();
    const before = buildKeyRing(old.privateKey);
    const token = signTicketToken(facts, before);
    const rotated = buildKeyRing(newKey().privateKey, [old.publicKey]);
    expect(rotated.verification.map((k) => k.status)).toEqual(['active', 'retired']);
    expect(verifyTicketToken(token, rotated, during).ok).toBe(true);
    expect(decodeClaims(signTicketToken(facts, rotated))).toMatchObject({ kid: rotated.active.kid });
    expect(verifyTicketToken(token, buildKeyRing(newKey().privateKey), during)).toEqual({ ok: false, reason: 'invalid_signature' });
  });

  it('refuses tampered, truncated and non-canonical tokens', () => {
    const ring = buildKeyRing(newKey().privateKey);
    const token = signTicketToken(facts, ring);
    const [body, signature] = token.split('.');
    const claims = decodeClaims(token) as Record<string, unknown>;
    const swapped = `${Buffer.from(JSON.stringify({ ...claims, cat: 'vip' })).toString('base64url')}.${signature}`;
    expect(verifyTicketToken(swapped, ring, during)).toEqual({ ok: false, reason: 'invalid_signature' });
    // The 86th base64url character of a 64-byte signature carries 2 bits and 4 spare ones (canonically
    // zero: A, Q, g or w). Setting a spare bit leaves the decoded bytes unchanged, yet must not verify.
    const sloppy = `${signature.slice(0, -1)}${String.fromCharCode(signature.charCodeAt(85) + 1)}`;
    expect(Buffer.from(sloppy, 'base64url').equals(Buffer.from(signature, 'base64url'))).toBe(true);
    expect(verifyTicketToken(`${body}.${sloppy}`, ring, during)).toEqual({ ok: false, reason: 'invalid_signature' });
    for (const broken of ['', 'abc', `${body}`, `${body}.`, `${body}.${signature}.x`, `${body}.${signature}=`, 'eyJ2IjoyfQ.c2ln']) {
      expect(verifyTicketToken(broken, ring, during).ok, broken).toBe(false);
    }
    expect(judgeToken(verifyTicketToken(token, ring, during), 'another-event')).toEqual({ refusal: 'wrong_event' });
    expect(judgeToken(verifyTicketToken(token, ring, during), '1')).toEqual({ ticketId: facts.ticketId });
  });
});

describe('signing keys from the environment', () => {
  it('reads TICKET_SIGNING_KEY as base64 PKCS#8 DER or PEM and derives a stable kid; publishes JWK and PEM', () => {
    const key = newKey();
    const fromDer = keyRingFromEnv({ TICKET_SIGNING_KEY: der(key).privateKey });
    const fromPem = keyRingFromEnv({ TICKET_SIGNING_KEY: key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
    expect(fromDer.ephemeral).toBe(false);
    expect(fromDer.ring.active.kid).toBe(keyIdOf(key.publicKey));
    expect(fromPem.ring.active.kid).toBe(fromDer.ring.active.kid);
    const published = publishedKey(fromDer.ring.verification[0]);
    expect(published).toMatchObject({ kid: fromDer.ring.active.kid, kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', status: 'active' });
    expect(Buffer.from(published.x, 'base64url')).toHaveLength(32);
    expect(published.publicKeyPem).toContain('BEGIN PUBLIC KEY');
  });

  it('adds TICKET_VERIFY_KEYS as retired keys and generates an ephemeral key only when none is set', () => {
    const [a, b] = [newKey(), newKey()];
    const { ring } = keyRingFromEnv({ TICKET_SIGNING_KEY: der(a).privateKey, TICKET_VERIFY_KEYS: ` ${der(b).publicKey} , ${der(a).publicKey}` });
    expect(ring.verification.map((k) => [k.kid, k.status])).toEqual([
      [keyIdOf(a.publicKey), 'active'],
      [keyIdOf(b.publicKey), 'retired'],
    ]);
    expect(keyRingFromEnv({}).ephemeral).toBe(true);
  });

  it('refuses keys that are not Ed25519 or not keys, without echoing the variable', () => {
    const secret = 'c2VjcmV0LWtleS1tYXRlcmlhbC10aGF0LW11c3Qtbm90LWxlYWs=';
    expect(() => keyRingFromEnv({ TICKET_SIGNING_KEY: secret })).toThrow(SigningKeyError);
    try {
      keyRingFromEnv({ TICKET_SIGNING_KEY: secret });
    } catch (error) {
      expect((error as Error).message).not.toContain(secret);
    }
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
    expect(() => keyRingFromEnv({ TICKET_SIGNING_KEY: rsa })).toThrow(/Ed25519/);
    expect(() => keyRingFromEnv({ TICKET_SIGNING_KEY: der(newKey()).privateKey, TICKET_VERIFY_KEYS: 'bm90IGEga2V5' })).toThrow(/TICKET_VERIFY_KEYS/);
  });

  it('requires TICKET_SIGNING_KEY in production only', () => {
    const env = serviceEnv('tickets', 'tconfig', { NODE_ENV: 'production' });
    expect(() => parseConfig(ticketsEnvSchema, env)).toThrow(ConfigError);
    expect(() => parseConfig(ticketsEnvSchema, env)).toThrow(/TICKET_SIGNING_KEY is required/);
    expect(parseConfig(ticketsEnvSchema, { ...env, TICKET_SIGNING_KEY: der(newKey()).privateKey }).NODE_ENV).toBe('production');
    const dev = parseConfig(ticketsEnvSchema, serviceEnv('tickets', 'tconfig', { JWT_SECRET: '' }));
    expect(dev.JWT_SECRET).toBeUndefined();
    expect(dev.HTTP_PORT).toBe(3104);
  });
});
