import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg, { type Pool } from 'pg';

export interface Migration {
  name: string;
  sql: string;
}

/**
 * Reads migrations in Prisma's layout, prisma/migrations/<name>/migration.sql,
 * in name order. The SQL is unqualified: it runs with search_path set to the
 * service's schema, so the same files serve production and test schemas.
 */
export function loadMigrations(dir: string): Migration[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name, 'migration.sql'), 'utf8') }));
}

export const quoteIdent = (identifier: string): string => {
  if (!/^[a-z_][a-z0-9_]*$/.test(identifier)) throw new Error(`unsafe SQL identifier: ${identifier}`);
  return `"${identifier}"`;
};

const checksum = (sql: string) => createHash('sha256').update(sql).digest('hex');

/**
 * Applies pending migrations to one schema, each in its own transaction, under
 * an advisory lock so concurrent starters do not race. An applied migration
 * whose file changed is refused: migrations are append-only.
 */
export async function migrate(pool: Pool, schema: string, migrations: Migration[]): Promise<string[]> {
  const client = await pool.connect();
  const q = quoteIdent(schema);
  const applied: string[] = [];
  // The lock is held by this session, so every migration runs on this one connection (not withSchemaTransaction).
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`migrate:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${q}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${q}._migrations (name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ name: string; checksum: string }>(`SELECT name, checksum FROM ${q}._migrations`);
    const done = new Map(rows.map((r) => [r.name, r.checksum]));
    for (const migration of migrations) {
      const sum = checksum(migration.sql);
      const previous = done.get(migration.name);
      if (previous !== undefined) {
        if (previous !== sum) throw new Error(`migration ${schema}/${migration.name} was changed after it was applied`);
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(`SET LOCAL search_path TO ${q}, public`);
        await client.query(migration.sql);
        await client.query(`INSERT INTO ${q}._migrations (name, checksum) VALUES ($1, $2)`, [migration.name, sum]);
        await client.query('COMMIT');
        applied.push(migration.name);
      } catch (error) {
        // The platform's policy for a failed ROLLBACK (transaction.ts): the connection is discarded.
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw new Error(`migration ${schema}/${migration.name} failed: ${(error as Error).message}`);
      }
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`migrate:${schema}`]).catch(() => undefined);
    client.release(broken);
  }
}

/**
 * The body of every service's `migrate` script (npm start's prepare step):
 * applies the migrations to the service's schema over one connection, says
 * what it applied, and closes. Needs only the database settings, never the
 * service's app.
 */
export async function migrateDatabase(options: { service: string; databaseUrl: string; schema: string; migrations: Migration[] }): Promise<void> {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 1 });
  try {
    const applied = await migrate(pool, options.schema, options.migrations);
    console.log(`${options.service}: ${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'}`);
  } finally {
    await pool.end();
  }
}
