import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * scrypt costs. `owasp` is OWASP's password-storage minimum at 32 MiB
 * (N=2^15, r=8, p=3; N=2^17 would need 128 MiB per hash and per slot):
 * about 0.3 s of one core per hash here (docs/decisions/0941). `reduced` is
 * the cost every hash had before (p=1, a third of the work), kept for test
 * runs that register thousands of fans; the gateway refuses it in production.
 */
export const PASSWORD_HASH_COSTS = {
  owasp: { N: 32_768, r: 8, p: 3 },
  reduced: { N: 32_768, r: 8, p: 1 },
} as const;
export type PasswordHashCostName = keyof typeof PASSWORD_HASH_COSTS;
type Cost = { N: number; r: number; p: number };

const KEY_LENGTH = 64;
const MAX_MEMORY = 64 * 1024 * 1024;

function derive(password: string, salt: Buffer, cost: Cost): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_LENGTH, { ...cost, maxmem: MAX_MEMORY }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** What a check found: whether the password matches, and whether its hash is weaker than today's cost. */
export interface PasswordCheck {
  valid: boolean;
  outdated: boolean;
}

/**
 * Hashes as `scrypt$N$r$p$<salt base64>$<hash base64>`: every stored hash
 * carries its own cost, so hashes made at an older cost still verify, and a
 * sign-in can replace them (`outdated`).
 */
export class PasswordHasher {
  /** Compared against when the email is unknown, so a login takes as long either way. */
  readonly unknownUserHash: string;

  constructor(private readonly cost: Cost = PASSWORD_HASH_COSTS.owasp) {
    this.unknownUserHash = this.format(Buffer.alloc(16), Buffer.alloc(KEY_LENGTH));
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    return this.format(salt, await derive(password, salt, this.cost));
  }

  async check(password: string, stored: string): Promise<PasswordCheck> {
    const [scheme, n, r, p, salt, hash] = stored.split('$');
    if (scheme !== 'scrypt' || !salt || !hash) return { valid: false, outdated: false };
    const cost = { N: Number(n), r: Number(r), p: Number(p) };
    const expected = Buffer.from(hash, 'base64');
    const actual = await derive(password, Buffer.from(salt, 'base64'), cost);
    const valid = actual.length === expected.length && timingSafeEqual(actual, expected);
    const outdated = cost.N * cost.r * cost.p < this.cost.N * this.cost.r * this.cost.p;
    return { valid, outdated };
  }

  private format(salt: Buffer, key: Buffer): string {
    return ['scrypt', this.cost.N, this.cost.r, this.cost.p, salt.toString('base64'), key.toString('base64')].join('$');
  }
}

/** The hasher at the configured cost; `reduced` outside test runs is refused at start. */
export function passwordHasherFor(config: { PASSWORD_HASH_COST: PasswordHashCostName; NODE_ENV: string }): PasswordHasher {
  if (config.PASSWORD_HASH_COST === 'reduced' && config.NODE_ENV === 'production') {
    throw new Error('PASSWORD_HASH_COST=reduced is for test runs only; production hashes passwords at the owasp cost');
  }
  return new PasswordHasher(PASSWORD_HASH_COSTS[config.PASSWORD_HASH_COST]);
}
