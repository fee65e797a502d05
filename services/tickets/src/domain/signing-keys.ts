import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

/**
 * The keys that sign and verify ticket tokens. One active Ed25519 private key
 * signs; retired public keys keep verifying the tokens they signed, so a key
 * can be rotated without invalidating QR codes already on fans' phones.
 */
export interface VerificationKey {
  kid: string;
  publicKey: KeyObject;
  status: 'active' | 'retired';
}

export interface KeyRing {
  active: { kid: string; privateKey: KeyObject };
  /** Every key that verifies, active first. */
  verification: VerificationKey[];
  find(kid: string): VerificationKey | undefined;
}

export class SigningKeyError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable} ${message}`);
    this.name = 'SigningKeyError';
  }
}

/** Raw 32-byte Ed25519 public key (the JWK `x` member). */
export function rawPublicKey(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' });
  return Buffer.from(String(jwk.x), 'base64url');
}

/** Key id: the first 16 hex digits of SHA-256 over the raw public key. Stable, and public. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(rawPublicKey(publicKey)).digest('hex').slice(0, 16);
}

const isPem = (text: string) => text.trimStart().startsWith('-----BEGIN');

function parsePrivateKey(text: string, variable: string): KeyObject {
  let key: KeyObject;
  try {
    key = isPem(text) ? createPrivateKey(text) : createPrivateKey({ key: Buffer.from(text.trim(), 'base64'), format: 'der', type: 'pkcs8' });
  } catch {
    // The parser's message may quote the input: never echo key material.
    throw new SigningKeyError(variable, 'is not a PKCS#8 private key (base64 DER or PEM)');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new SigningKeyError(variable, `must be an Ed25519 key, not ${key.asymmetricKeyType}`);
  return key;
}

function parsePublicKey(text: string, variable: string): KeyObject {
  let key: KeyObject;
  try {
    key = isPem(text) ? createPublicKey(text) : createPublicKey({ key: Buffer.from(text.trim(), 'base64'), format: 'der', type: 'spki' });
  } catch {
    throw new SigningKeyError(variable, 'holds something that is not an SPKI public key (base64 DER or PEM)');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new SigningKeyError(variable, `must hold Ed25519 keys, not ${key.asymmetricKeyType}`);
  return key;
}

/** PEM blocks contain no commas, so one comma-separated list carries both forms. */
const splitKeyList = (text: string | undefined) =>
  (text ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

export function buildKeyRing(privateKey: KeyObject, retired: KeyObject[] = []): KeyRing {
  const publicKey = createPublicKey(privateKey);
  const active = { kid: keyIdOf(publicKey), privateKey };
  const verification: VerificationKey[] = [{ kid: active.kid, publicKey, status: 'active' }];
  for (const key of retired) {
    const kid = keyIdOf(key);
    if (!verification.some((v) => v.kid === kid)) verification.push({ kid, publicKey: key, status: 'retired' });
  }
  const byKid = new Map(verification.map((v) => [v.kid, v]));
  return { active, verification, find: (kid) => byKid.get(kid) };
}

/**
 * The key ring from TICKET_SIGNING_KEY and TICKET_VERIFY_KEYS. Without a
 * signing key (development and tests only; the config refuses that in
 * production) a fresh key is generated and `ephemeral` is true.
 */
export function keyRingFromEnv(env: { TICKET_SIGNING_KEY?: string; TICKET_VERIFY_KEYS?: string }): { ring: KeyRing; ephemeral: boolean } {
  const retired = splitKeyList(env.TICKET_VERIFY_KEYS).map((text) => parsePublicKey(text, 'TICKET_VERIFY_KEYS'));
  if (env.TICKET_SIGNING_KEY) return { ring: buildKeyRing(parsePrivateKey(env.TICKET_SIGNING_KEY, 'TICKET_SIGNING_KEY'), retired), ephemeral: false };
  return { ring: buildKeyRing(generateKeyPairSync('ed25519').privateKey, retired), ephemeral: true };
}

/** A verification key as published at GET /api/tickets/keys (JWK members plus PEM). */
export function publishedKey(key: VerificationKey) {
  return {
    kid: key.kid,
    kty: 'OKP' as const,
    crv: 'Ed25519' as const,
    alg: 'EdDSA' as const,
    use: 'sig' as const,
    x: rawPublicKey(key.publicKey).toString('base64url'),
    publicKeyPem: String(key.publicKey.export({ format: 'pem', type: 'spki' })),
    status: key.status,
  };
}
