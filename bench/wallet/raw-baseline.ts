import pg from 'pg';
import { infra, namespace } from './environment.js';
import type { SamplingCpuMeter } from '../lib/cpu-sampler.js';
import { closedLoop, type ScenarioResult } from './measure.js';

export const RAW_APPLICATION_NAME = 'bench-raw-pg';

/**
 * The yardstick from PLATFORM-NOTES: a money transfer written by hand with
 * `pg`, locking both rows FOR UPDATE in id order, pool 10, 50 callers. No
 * idempotency, no events, no history: the least a transfer can cost here.
 * Opened once and measured once per round, between the rounds of our
 * scenarios, so each ratio compares neighbours in time on a machine whose
 * speed drifts.
 */
export async function openRawBaseline(options: { accounts: number }): Promise<RawBaseline> {
  const schema = `bench_raw_${namespace}`;
  const pool = new pg.Pool({ connectionString: infra.databaseUrl, max: 10, application_name: RAW_APPLICATION_NAME });
  await pool.query(`CREATE SCHEMA "${schema}"`);
  await pool.query(`CREATE TABLE "${schema}".accounts (id int PRIMARY KEY, balance bigint NOT NULL CHECK (balance >= 0))`);
  await pool.query(
    `CREATE TABLE "${schema}".transfers (id bigserial PRIMARY KEY, from_id int NOT NULL, to_id int NOT NULL, amount bigint NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
  );
  await pool.query(`INSERT INTO "${schema}".accounts SELECT g, 100000000 FROM generate_series(1, $1) g`, [options.accounts]);

  const transfer = async (): Promise<boolean> => {
    const from = 1 + Math.floor(Math.random() * options.accounts);
    let to = 1 + Math.floor(Math.random() * options.accounts);
    while (to === from) to = 1 + Math.floor(Math.random() * options.accounts);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query(`SELECT id, balance FROM "${schema}".accounts WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE`, [[from, to]]);
      const source = rows.find((r) => r.id === from);
      if (!source || Number(source.balance) < 1) {
        await client.query('ROLLBACK');
        return false;
      }
      await client.query(`UPDATE "${schema}".accounts SET balance = balance - 1 WHERE id = $1`, [from]);
      await client.query(`UPDATE "${schema}".accounts SET balance = balance + 1 WHERE id = $1`, [to]);
      await client.query(`INSERT INTO "${schema}".transfers (from_id, to_id, amount) VALUES ($1, $2, 1)`, [from, to]);
      await client.query('COMMIT');
      return true;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
  return {
    async measure(name, seconds, meter) {
      await meter?.start();
      const result = await closedLoop(name, { callers: 50, seconds }, transfer);
      return { ...result, cpuMs: await meter?.stop() };
    },
    async close() {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
      await pool.end();
    },
  };
}

export interface RawBaseline {
  measure(name: string, seconds: number, meter?: SamplingCpuMeter): Promise<ScenarioResult>;
  close(): Promise<void>;
}
