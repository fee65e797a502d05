import { infra, schemaFor, waitFor } from '@platform/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD_HASH_COSTS, PasswordHasher } from '../src/domain/password.js';
import { type GatewayHarness, startTestGateway } from './harness.js';

/** A gateway at production's cost (owasp), holding an account whose hash was made at the older cost. */
describe('a sign-in replaces a hash made at an older cost', () => {
  let h: GatewayHarness;
  let db: pg.Client;
  const storedHash = async (email: string) =>
    (await db.query<{ password_hash: string }>(`SELECT password_hash FROM "${schemaFor('gateway', h.namespace)}".users WHERE email = $1`, [email])).rows[0]
      ?.password_hash;

  beforeAll(async () => {
    h = await startTestGateway({ PASSWORD_HASH_COST: 'owasp' });
    db = new pg.Client({ connectionString: infra.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await h?.close();
  });

  it('registers at the owasp cost, and upgrades an old hash on the first good sign-in only', async () => {
    const fresh = await h.api.post('/api/auth/register', { email: 'new@example.com', password: 'password-123', name: 'New', clubId: 'psg' });
    expect(fresh.status).toBe(201);
    expect(await storedHash('new@example.com')).toMatch(/^scrypt\$32768\$8\$3\$/);

    const old = await new PasswordHasher(PASSWORD_HASH_COSTS.reduced).hash('password-123');
    await db.query(
      `INSERT INTO "${schemaFor('gateway', h.namespace)}".users (id, email, name, club_id, password_hash, role)
       VALUES (gen_random_uuid(), 'old@example.com', 'Old', 'psg', $1, 'user')`,
      [old],
    );
    // A wrong password changes nothing.
    expect((await h.api.post('/api/auth/login', { email: 'old@example.com', password: 'not-the-password' })).status).toBe(401);
    expect(await storedHash('old@example.com')).toBe(old);

    const login = await h.api.post('/api/auth/login', { email: 'old@example.com', password: 'password-123' });
    expect(login.status).toBe(200);
    // The upgrade runs beside the sign-in (never in its way), so it lands shortly after the answer.
    await waitFor(async () => /^scrypt\$32768\$8\$3\$/.test((await storedHash('old@example.com')) ?? ''), {
      what: 'the old hash to be replaced at the owasp cost',
      timeoutMs: 30_000,
    });
    const upgraded = await storedHash('old@example.com');
    expect(upgraded).not.toBe(old);

    // The upgraded hash signs in, and is not replaced again.
    expect((await h.api.post('/api/auth/login', { email: 'old@example.com', password: 'password-123' })).status).toBe(200);
    expect(await storedHash('old@example.com')).toBe(upgraded);
  });
});
