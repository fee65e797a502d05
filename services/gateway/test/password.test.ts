import { describe, expect, it } from 'vitest';
import { PASSWORD_HASH_COSTS, PasswordHasher, passwordHasherFor } from '../src/domain/password.js';

describe('password hashes', () => {
  const owasp = new PasswordHasher();

  it('hashes at OWASP’s scrypt minimum by default (N=2^15, r=8, p=3) and says so in the stored hash', async () => {
    const stored = await owasp.hash('correct horse');
    expect(stored).toMatch(/^scrypt\$32768\$8\$3\$/);
    expect(await owasp.check('correct horse', stored)).toEqual({ valid: true, outdated: false });
    expect(await owasp.check('wrong horse', stored)).toEqual({ valid: false, outdated: false });
  });

  it('still verifies a hash made at the older cost, and marks it outdated so a sign-in can replace it', async () => {
    const old = await new PasswordHasher(PASSWORD_HASH_COSTS.reduced).hash('correct horse');
    expect(old).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await owasp.check('correct horse', old)).toEqual({ valid: true, outdated: true });
    expect((await owasp.check('wrong horse', old)).valid).toBe(false);
  });

  it('never matches the stand-in hash of an unknown email, nor a malformed stored value', async () => {
    expect((await owasp.check('', owasp.unknownUserHash)).valid).toBe(false);
    expect((await owasp.check('anything', 'bcrypt$whatever')).valid).toBe(false);
  });

  it('refuses the reduced cost in production, and takes the configured one elsewhere', async () => {
    expect(() => passwordHasherFor({ PASSWORD_HASH_COST: 'reduced', NODE_ENV: 'production' })).toThrow(/PASSWORD_HASH_COST=reduced/);
    expect(await passwordHasherFor({ PASSWORD_HASH_COST: 'owasp', NODE_ENV: 'production' }).hash('x')).toMatch(/^scrypt\$32768\$8\$3\$/);
    expect(await passwordHasherFor({ PASSWORD_HASH_COST: 'reduced', NODE_ENV: 'test' }).hash('x')).toMatch(/^scrypt\$32768\$8\$1\$/);
  });
});
