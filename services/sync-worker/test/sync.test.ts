import { syncWorker } from '@platform/contracts';
import { parseConfig } from '@platform/service-kit';
import { dropNamespaceSchemas, type RunningProcess, serviceEnv, startGateway, type TestGateway, uniqueNamespace } from '@platform/testkit';
import { type AdminSession, adminSession } from '@platform/testkit/admin';
import { HttpGate } from '@platform/testkit/http-gate';
import { dropNamespaceKeys } from '@platform/testkit/redis';
import { startTemplateExport } from '@platform/testkit/template-export';
import { startAll } from '@platform/testkit/start-all';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncWorkerEnvSchema } from '../src/config.js';
import { Databases, metricValue, startSyncWorker, type SyncWorkerUnderTest, syncQueue } from './harness.js';

const TABLES = ['settings', 'paintings', 'orders', 'order_items', 'users', 'exhibitions', 'custom_requests'];

describe('template sync through the gateway', () => {
  const ns = uniqueNamespace('sync');
  let template: RunningProcess;
  let gateway: TestGateway;
  let gate: HttpGate;
  let worker: SyncWorkerUnderTest;
  let admin: AdminSession;
  const db = new Databases(ns);

  const sync = (query = '?wait=true') => gateway.api.post(`/admin/api/sync-template${query}`, undefined, admin.token);
  const expectMirrored = async (tables = TABLES) => {
    for (const table of tables) expect(await db.rows(db.dashboard, table), table).toEqual(await db.rows(db.template, table));
  };

  beforeAll(async () => {
    [template, gateway] = await startAll([startTemplateExport(ns), startGateway(ns)] as const);
    // The worker reaches the Template through a gate the test can hold, to keep a run in progress.
    gate = await new HttpGate(template.url).start();
    worker = await startSyncWorker(ns, { TEMPLATE_BASE_URL: gate.url, SYNC_TZ: 'America/Montreal' });
    admin = await adminSession(gateway.api, ns);
  });
  afterAll(async () => {
    await worker?.stop();
    await gate?.stop();
    await Promise.all([gateway?.stop(), template?.stop()]);
    await db.close();
    await syncQueue(ns)
      .obliterate({ force: true })
      .catch(() => undefined);
    await dropNamespaceKeys(ns);
    await dropNamespaceSchemas(ns);
  });

  it('mirrors the seeded Template row for row; with no flag it answers when done, in the seed response shape', async () => {
    const res = await sync('');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      success: true,
      message: 'Synchronization completed',
      data: { settings: 5, paintings: 12, orders: 4, users: 4, exhibitions: 3, custom_requests: 3 },
      job: { state: 'completed', already_running: false },
      run: { status: 'succeeded', trigger: 'manual', mode: 'incremental', error: null, failure: null },
    });
    expect(res.body.status_url).toBeUndefined();
    expect(res.headers.get('location')).toBeNull();
    expect(res.body.run.counts.paintings).toEqual({ fetched: 12, inserted: 12, updated: 0 });
    await expectMirrored();
    const users = await db.query(`SELECT * FROM ${db.dashboard}.users`);
    for (const user of users) expect(Object.keys(user).join(',')).not.toMatch(/password/);
  });

  it('applies exactly what changed: 3 paintings and 2 new orders; an existing order stays as first synced', async () => {
    await db.query(`UPDATE ${db.template}.paintings SET price_cents = price_cents + 100 WHERE id IN (2, 5, 9)`);
    await db.query(`UPDATE ${db.template}.orders SET status = 'refunded' WHERE id = 1`);
    const fresh = await db.query(
      `INSERT INTO ${db.template}.orders (customer_name, customer_email, shipping_address, status, total_cents)
       VALUES ('Léa Fontaine', 'lea@example.fr', '1 place Bellecour, Lyon', 'paid', 185000), ('Hugo Blanc', 'hugo@example.fr', '5 cours Mirabeau, Aix', 'paid', 121000)
       RETURNING id`,
    );
    await db.query(
      `INSERT INTO ${db.template}.order_items (order_id, painting_id, painting_name, quantity, unit_price_cents) VALUES ($1, 1, 'Lumière sur la Seine', 1, 185000), ($2, 12, 'Ciel de Provence', 1, 121000)`,
      fresh.map((o) => o.id),
    );

    const res = await sync();
    expect(res.status).toBe(200);
    const counts = res.body.run.counts;
    expect(counts.paintings).toMatchObject({ inserted: 0, updated: 3 });
    expect(counts.orders).toMatchObject({ inserted: 2, updated: 0 });
    for (const table of ['settings', 'users', 'exhibitions', 'custom_requests']) expect(counts[table], table).toMatchObject({ inserted: 0, updated: 0 });

    await expectMirrored(['settings', 'paintings', 'users', 'exhibitions', 'custom_requests']);
    const [order1] = await db.query(`SELECT status FROM ${db.dashboard}.orders WHERE id = 1`);
    expect(order1.status).toBe('delivered');
    const source = (await db.rows(db.template, 'orders')).filter((o) => o.id !== 1);
    const mirror = (await db.rows(db.dashboard, 'orders')).filter((o) => o.id !== 1);
    expect(mirror).toEqual(source);
    await expectMirrored(['order_items']);
  });

  it('writes nothing when nothing changed', async () => {
    const before = await db.versions();
    const res = await sync();
    expect(res.status).toBe(200);
    for (const [table, counts] of Object.entries<any>(res.body.run.counts)) expect(counts, table).toMatchObject({ inserted: 0, updated: 0 });
    expect(await db.versions()).toEqual(before);
  });

  it('re-reads everything with ?full=true, still writing only what differs', async () => {
    await db.query(`UPDATE ${db.template}.users SET name = 'Julie Bernard-Martin' WHERE id = 2`);
    const res = await sync('?wait=true&full=true');
    expect(res.body.run.mode).toBe('full');
    expect(res.body.data.paintings).toBe(12);
    expect(res.body.run.counts.users).toMatchObject({ fetched: 4, updated: 1, inserted: 0 });
    expect(res.body.run.counts.paintings).toMatchObject({ fetched: 12, updated: 0, inserted: 0 });
    await expectMirrored(['users', 'paintings']);
  });

  it('runs one sync at a time: concurrent triggers get the running job', async () => {
    const runsBefore = (await db.query(`SELECT count(*)::int AS n FROM ${db.dashboard}.sync_runs`))[0].n;
    gate.hold();
    const triggers = await Promise.all([sync('?wait=false'), sync('?wait=false'), sync('?wait=false')]);
    for (const res of triggers) expect(res.status).toBe(202);
    const jobIds = new Set(triggers.map((res) => res.body.job.id));
    expect(jobIds.size).toBe(1);
    expect(triggers.filter((res) => res.body.job.already_running === false)).toHaveLength(1);
    expect(triggers.filter((res) => res.body.message.startsWith('A synchronization is already running'))).toHaveLength(2);
    for (const res of triggers) expect(res.headers.get('location')).toBe(`/admin/api/sync-jobs/${[...jobIds][0]}`);

    const waiting = sync('?wait=true');
    const late = await sync('?wait=false');
    expect(late.body.job).toMatchObject({ id: [...jobIds][0], already_running: true });
    gate.release();
    const finished = await waiting;
    expect(finished.body).toMatchObject({ success: true, job: { id: [...jobIds][0], state: 'completed' } });
    const runsAfter = await db.query(`SELECT job_id FROM ${db.dashboard}.sync_runs`);
    expect(runsAfter).toHaveLength(runsBefore + 1);
    expect(runsAfter.filter((r) => r.job_id === [...jobIds][0])).toHaveLength(1);
  });

  it('schedules the nightly sync at 02:00 in SYNC_TZ and an hourly health check, with stable ids', async () => {
    const queue = syncQueue(ns);
    try {
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers).toHaveLength(2);
      expect(schedulers.find((s) => (s.id ?? s.key) === syncWorker.SYNC_SCHEDULERS.nightlySync)).toMatchObject({
        pattern: '0 2 * * *',
        tz: 'America/Montreal',
        name: 'sync',
      });
      expect(schedulers.find((s) => (s.id ?? s.key) === syncWorker.SYNC_SCHEDULERS.hourlyHealth)).toMatchObject({
        pattern: '0 * * * *',
        tz: 'America/Montreal',
        name: 'health-check',
      });
    } finally {
      await queue.close();
    }
    // A second instance upserts the same schedulers instead of adding more.
    const second = await startSyncWorker(ns, { TEMPLATE_BASE_URL: gate.url, SYNC_TZ: 'America/Montreal', SYNC_WORKER_ENABLED: 'false' });
    await second.stop();
    const again = syncQueue(ns);
    expect(await again.getJobSchedulersCount()).toBe(2);
    await again.close();
    expect(parseConfig(syncWorkerEnvSchema, serviceEnv('sync-worker', ns)).SYNC_TZ).toBe('Europe/Paris');
  });

  it('answers the template health check', async () => {
    const res = await gateway.api.get('/admin/api/template-health', admin.token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, healthy: true, base_url: gate.url });
  });

  it('pages through the run history, newest first', async () => {
    const all = await db.query(`SELECT id FROM ${db.dashboard}.sync_runs ORDER BY started_at DESC, id DESC`);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await gateway.api.get(`/admin/api/sync-runs?limit=2${cursor ? `&cursor=${cursor}` : ''}`, admin.token);
      expect(page.status).toBe(200);
      expect(page.body.success).toBe(true);
      seen.push(...page.body.data.map((run: any) => run.id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual(all.map((r) => r.id));
    const bad = await gateway.api.get('/admin/api/sync-runs?cursor=bogus', admin.token);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ success: false, field: 'cursor' });
    const tooMany = await gateway.api.get('/admin/api/sync-runs?limit=500', admin.token);
    expect(tooMany.body).toMatchObject({ success: false, field: 'limit' });
  });

  it('refuses anonymous callers and non-admin users on the admin routes', async () => {
    const user = await gateway.api.register();
    for (const [method, path] of [
      ['POST', '/admin/api/sync-template'],
      ['GET', '/admin/api/template-health'],
      ['GET', '/admin/api/sync-runs'],
    ]) {
      const anonymous = await gateway.api.request(method, path);
      expect(anonymous.status, path).toBe(401);
      expect(anonymous.body.success, path).toBe(false);
      const asUser = await gateway.api.request(method, path, { token: user.token });
      expect(asUser.status, path).toBe(403);
      expect(asUser.body.success, path).toBe(false);
    }
    const badFlag = await gateway.api.post('/admin/api/sync-template?wait=perhaps', undefined, admin.token);
    expect(badFlag.status).toBe(400);
    expect(badFlag.body).toMatchObject({ success: false, field: 'wait' });
  });

  it('counts runs and rows in its metrics', async () => {
    const metrics = await worker.http.inject({ method: 'GET', url: '/metrics' });
    const runs = (await db.query(`SELECT count(*)::int AS n FROM ${db.dashboard}.sync_runs WHERE status = 'succeeded'`))[0].n;
    expect(metricValue(metrics.body, 'template_sync_runs_total', { status: 'succeeded' })).toBe(runs);
    expect(metricValue(metrics.body, 'template_sync_items_total', { table: 'orders', outcome: 'inserted' })).toBe(6);
    expect(metricValue(metrics.body, 'template_api_auth_failures_total')).toBe(0);
  });
});
