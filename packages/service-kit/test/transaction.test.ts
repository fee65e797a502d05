import { createLogger, survivePostgresRestarts, withSchemaTransaction } from '@platform/service-kit';
import { infra, uniqueNamespace } from '@platform/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('withSchemaTransaction: the one transaction helper', () => {
  const schema = `kittx_${uniqueNamespace('kt')}`;
  // One connection: a broken connection handed back to the pool would fail the very next query.
  const pool = survivePostgresRestarts(
    new pg.Pool({ connectionString: infra.databaseUrl, max: 1 }),
    createLogger({ service: 'kit-test', instance: 'test', level: 'silent' }),
  );
  const admin = new pg.Pool({ connectionString: infra.databaseUrl, max: 1 });

  beforeAll(async () => {
    await admin.query(`CREATE SCHEMA "${schema}"`);
    await admin.query(`CREATE TABLE "${schema}".notes (id int PRIMARY KEY)`);
  });
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await Promise.all([pool.end(), admin.end()]);
  });

  const noteIds = async () => (await admin.query<{ id: number }>(`SELECT id FROM "${schema}".notes ORDER BY id`)).rows.map((row) => row.id);

  it("commits with the service's schema on the search_path, so its SQL stays unqualified", async () => {
    const answer = await withSchemaTransaction(pool, schema, async (tx) => {
      await tx.query('INSERT INTO notes (id) VALUES (1)');
      return 'done';
    });
    expect(answer).toBe('done');
    expect(await noteIds()).toEqual([1]);
  });

  it('rolls back everything when the work throws, and rethrows its error', async () => {
    await expect(
      withSchemaTransaction(pool, schema, async (tx) => {
        await tx.query('INSERT INTO notes (id) VALUES (2)');
        throw new Error('refused halfway');
      }),
    ).rejects.toThrow('refused halfway');
    expect(await noteIds()).toEqual([1]);
    // The connection went back to the pool (released without an error) in a clean state.
    expect((await pool.query<{ ok: number }>('SELECT 1 AS ok')).rows[0].ok).toBe(1);
  });

  it('discards a connection whose ROLLBACK failed instead of handing it to the next caller', async () => {
    // pg-pool reports each release; one with an error is the discard (the connection is closed, not pooled).
    const releases: Array<Error | undefined> = [];
    const onRelease = (err: Error | undefined) => releases.push(err);
    pool.on('release', onRelease);
    let lostPid = 0;
    await expect(
      withSchemaTransaction(pool, schema, async (tx) => {
        lostPid = (await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
        await tx.query('INSERT INTO notes (id) VALUES (3)');
        // The server ends this connection mid-transaction (a restart, a failover): the ROLLBACK cannot run.
        await admin.query('SELECT pg_terminate_backend($1)', [lostPid]);
        await tx.query('SELECT 1');
      }),
    ).rejects.toThrow();
    // With one connection in the pool, a dead one kept there would fail this query.
    const { rows } = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    expect(rows[0].pid).not.toBe(lostPid);
    expect(await noteIds()).toEqual([1]);
    pool.off('release', onRelease);
    expect(releases[0]).toBeInstanceOf(Error);
  });
});
