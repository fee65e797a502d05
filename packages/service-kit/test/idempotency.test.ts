import { DomainError } from '@platform/contracts';
import { hashRequest, IDEMPOTENCY_MIN_RETENTION_MS, IdempotencyStore, idempotencyMigration, migrate } from '@platform/service-kit';
import { infra, uniqueNamespace } from '@platform/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('PostgreSQL idempotency keys', () => {
  const pool = new pg.Pool({ connectionString: infra.databaseUrl, max: 24 });
  const schema = `kitidem_${uniqueNamespace('ki')}`;
  const store = new IdempotencyStore({ schema });

  beforeAll(async () => {
    await migrate(pool, schema, [
      idempotencyMigration,
      { name: '0001_effects', sql: 'CREATE TABLE effects (id serial PRIMARY KEY, scope text NOT NULL, key text NOT NULL, amount int NOT NULL);' },
    ]);
  });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  /** The pattern a service follows: claim, change state, store the response, commit. */
  async function charge(scope: string, key: string, amount: number, options: { failAfterClaim?: boolean } = {}) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const requestHash = hashRequest({ amount });
      const claim = await store.claim<{ effectId: number }>(client, { scope, key, requestHash });
      if (claim.status === 'replay') {
        await client.query('COMMIT');
        return { replayed: true, ...claim.response };
      }
      const { rows } = await client.query(`INSERT INTO "${schema}".effects (scope, key, amount) VALUES ($1, $2, $3) RETURNING id`, [scope, key, amount]);
      // Hold the key a little, so concurrent duplicates really do wait on it.
      await client.query('SELECT pg_sleep(0.05)');
      if (options.failAfterClaim) throw new Error('crash before commit');
      const response = { effectId: rows[0].id as number };
      await store.complete(client, { scope, key, requestHash }, response);
      await client.query('COMMIT');
      return { replayed: false, ...response };
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  const effectsFor = async (scope: string, key: string) =>
    (await pool.query(`SELECT count(*)::int AS n FROM "${schema}".effects WHERE scope = $1 AND key = $2`, [scope, key])).rows[0].n as number;

  it('gives 20 concurrent requests with one key one effect, and the same response', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => charge('user:a', 'k-concurrent', 5)));
    expect(await effectsFor('user:a', 'k-concurrent')).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(new Set(results.map((r) => r.effectId)).size).toBe(1);
  });

  it('refuses the same key with a different request, and keeps scopes apart', async () => {
    await charge('user:a', 'k-mismatch', 5);
    const error = await charge('user:a', 'k-mismatch', 6).catch((e) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', status: 409 });
    // Another caller's identical key is its own.
    expect((await charge('user:b', 'k-mismatch', 6)).replayed).toBe(false);
    expect(await effectsFor('user:a', 'k-mismatch')).toBe(1);
    expect(await effectsFor('user:b', 'k-mismatch')).toBe(1);
  });

  it('releases the key when the first attempt rolls back, so a retry does the work', async () => {
    await expect(charge('user:a', 'k-rollback', 5, { failAfterClaim: true })).rejects.toThrow('crash before commit');
    const retry = await charge('user:a', 'k-rollback', 5);
    expect(retry.replayed).toBe(false);
    expect(await effectsFor('user:a', 'k-rollback')).toBe(1);
  });

  it('peeks at a completed key without claiming it', async () => {
    const first = await charge('user:a', 'k-peek', 7);
    expect(await store.peek(pool, { scope: 'user:a', key: 'k-peek', requestHash: hashRequest({ amount: 7 }) })).toEqual({ effectId: first.effectId });
    expect(await store.peek(pool, { scope: 'user:a', key: 'k-unknown', requestHash: 'x' })).toBeUndefined();
    await expect(store.peek(pool, { scope: 'user:a', key: 'k-peek', requestHash: hashRequest({ amount: 8 }) })).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
  });

  it('purges keys older than the retention and keeps younger ones', async () => {
    await charge('user:p', 'old', 1);
    await charge('user:p', 'young', 1);
    await pool.query(`UPDATE "${schema}".idempotency_keys SET created_at = now() - interval '25 hours' WHERE scope = 'user:p' AND key = 'old'`);
    expect(await store.purgeOlderThan(pool, IDEMPOTENCY_MIN_RETENTION_MS)).toBe(1);
    const { rows } = await pool.query(`SELECT key FROM "${schema}".idempotency_keys WHERE scope = 'user:p'`);
    expect(rows.map((r) => r.key)).toEqual(['young']);
    await expect(store.purgeOlderThan(pool, 3_600_000)).rejects.toThrow(/at least 24 h/);
  });

  it('hashes equal requests equally whatever the key order', () => {
    expect(hashRequest({ a: 1, b: { c: 'x', d: [1, 2] } })).toBe(hashRequest({ b: { d: [1, 2], c: 'x' }, a: 1 }));
    expect(hashRequest({ a: 1 })).not.toBe(hashRequest({ a: 2 }));
    expect(hashRequest({ a: 1, b: undefined })).toBe(hashRequest({ a: 1 }));
  });
});
