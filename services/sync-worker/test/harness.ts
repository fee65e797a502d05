import { syncWorker } from '@platform/contracts';
import { parseConfig } from '@platform/service-kit';
import { infra, schemaFor, serviceEnv } from '@platform/testkit';
import { TEST_TEMPLATE_API_KEY } from '@platform/testkit/template-export';
import { Queue } from 'bullmq';
import pg from 'pg';
import { buildSyncWorkerService } from '../src/app.js';
import { syncWorkerEnvSchema } from '../src/config.js';

export type SyncWorkerUnderTest = Awaited<ReturnType<typeof buildSyncWorkerService>>;

/** The sync worker in-process, in the test's namespace; retries are quick so failure tests stay short. */
export function startSyncWorker(namespace: string, env: Record<string, string>): Promise<SyncWorkerUnderTest> {
  return buildSyncWorkerService(
    parseConfig(
      syncWorkerEnvSchema,
      serviceEnv('sync-worker', namespace, { TEMPLATE_API_KEY: TEST_TEMPLATE_API_KEY, TEMPLATE_RETRY_BASE_MS: '20', TEMPLATE_RETRY_MAX_MS: '100', ...env }),
    ),
  );
}

/** The test's view of the sync queue (same BullMQ prefix as the service). */
export const syncQueue = (namespace: string) =>
  new Queue(syncWorker.SYNC_QUEUE, { connection: { url: infra.redisUrl, maxRetriesPerRequest: null }, prefix: syncWorker.bullPrefix(`${namespace}:`) });

/** Columns compared between the Template and the Dashboard: every exported column. */
export const MIRRORED: Record<string, { columns: string; key: string }> = {
  settings: { columns: 'id, key, value, created_at, updated_at', key: 'key' },
  paintings: {
    columns: 'id, name, description, artist, category, technique, width_cm, height_cm, year, price_cents, currency, image_url, status, created_at, updated_at',
    key: 'id',
  },
  orders: { columns: 'id, customer_name, customer_email, customer_phone, shipping_address, status, total_cents, currency, created_at, updated_at', key: 'id' },
  order_items: { columns: 'id, order_id, painting_id, painting_name, quantity, unit_price_cents, created_at, updated_at', key: 'id' },
  users: { columns: 'id, email, name, role, phone, created_at, updated_at', key: 'id' },
  exhibitions: { columns: 'id, title, description, location, start_date::text, end_date::text, created_at, updated_at', key: 'id' },
  custom_requests: { columns: 'id, client_name, client_email, client_phone, description, dimensions, budget_cents, status, created_at, updated_at', key: 'id' },
};

/** SQL on the Template's and the Dashboard's schemas of one namespace. */
export class Databases {
  readonly pool = new pg.Pool({ connectionString: infra.databaseUrl, max: 3 });
  readonly template: string;
  readonly dashboard: string;

  constructor(namespace: string) {
    this.template = `"${schemaFor('template-export', namespace)}"`;
    this.dashboard = `"${schemaFor('sync-worker', namespace)}"`;
  }

  async rows(schema: string, table: string): Promise<any[]> {
    const { columns, key } = MIRRORED[table];
    return (await this.pool.query(`SELECT ${columns} FROM ${schema}.${table} ORDER BY ${key}`)).rows;
  }

  /** Row versions of every Dashboard table: unchanged xmin and xmax mean the row was neither written nor even locked. */
  async versions(): Promise<Record<string, string[]>> {
    const out: Record<string, string[]> = {};
    for (const table of [...Object.keys(MIRRORED), 'sync_state']) {
      const key = table === 'sync_state' ? 'table_name' : MIRRORED[table].key;
      out[table] = (
        await this.pool.query(`SELECT ${key}::text || ':' || xmin::text || ':' || xmax::text AS v FROM ${this.dashboard}.${table} ORDER BY ${key}`)
      ).rows.map((r) => r.v);
    }
    return out;
  }

  async query(text: string, values?: unknown[]): Promise<any[]> {
    return (await this.pool.query(text, values)).rows;
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/** A counter's value in Prometheus text, summed over the label sets that match. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) total += Number(line.split(' ').pop());
  }
  return total;
}
