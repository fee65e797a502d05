import { loadMigrations, migrate } from '@platform/service-kit';
import { infra, uniqueNamespace } from '@platform/testkit';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

describe('SQL migration runner', () => {
  const pool = new pg.Pool({ connectionString: infra.databaseUrl, max: 4 });
  const schema = `kitmig_${uniqueNamespace('km')}`;
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  it('applies migrations once, in order, even when started concurrently, and refuses an edited one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
    const write = (name: string, sql: string) => {
      mkdirSync(join(dir, name), { recursive: true });
      writeFileSync(join(dir, name, 'migration.sql'), sql);
    };
    write('0001_things', 'CREATE TABLE things (id int PRIMARY KEY);');
    write('0002_more', 'ALTER TABLE things ADD COLUMN name text;');
    const results = await Promise.all([1, 2, 3].map(() => migrate(pool, schema, loadMigrations(dir))));
    expect(results.flat().sort()).toEqual(['0001_things', '0002_more']);
    await pool.query(`INSERT INTO "${schema}".things (id, name) VALUES (1, 'x')`);
    expect(await migrate(pool, schema, loadMigrations(dir))).toEqual([]);

    write('0002_more', 'ALTER TABLE things ADD COLUMN other text;');
    await expect(migrate(pool, schema, loadMigrations(dir))).rejects.toThrow(/changed after it was applied/);
  });

  it('rolls back a failing migration entirely', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
    mkdirSync(join(dir, '0001_bad'));
    writeFileSync(join(dir, '0001_bad', 'migration.sql'), 'CREATE TABLE half (id int); SELECT no_such_function();');
    const badSchema = `${schema}_bad`;
    await expect(migrate(pool, badSchema, loadMigrations(dir))).rejects.toThrow(/0001_bad failed/);
    const { rowCount } = await pool.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'half'`, [badSchema]);
    expect(rowCount).toBe(0);
    await pool.query(`DROP SCHEMA IF EXISTS "${badSchema}" CASCADE`);
  });
});
