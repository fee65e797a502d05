import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { syncWorker } from '@platform/contracts';
import { dropNamespaceSchemas, freePort, type RunningProcess, startGateway, type TestGateway, uniqueNamespace, waitFor } from '@platform/testkit';
import { type AdminSession, adminSession } from '@platform/testkit/admin';
import { HttpGate } from '@platform/testkit/http-gate';
import { dropNamespaceKeys } from '@platform/testkit/redis';
import { startTemplateExport } from '@platform/testkit/template-export';
import { startAll } from '@platform/testkit/start-all';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Databases, metricValue, startSyncWorker, syncQueue } from './harness.js';

const MIRROR_TABLES = ['settings', 'paintings', 'orders', 'order_items', 'users', 'exhibitions', 'custom_requests', 'sync_state'];

describe('template sync failures', () => {
  const ns = uniqueNamespace('syncf');
  let template: RunningProcess;
  let gateway: TestGateway;
  let admin: AdminSession;
  const db = new Databases(ns);

  const dashboardIsEmpty = async () => {
    for (const table of MIRROR_TABLES) expect((await db.query(`SELECT count(*)::int AS n FROM ${db.dashboard}.${table}`))[0].n, table).toBe(0);
  };

  beforeAll(async () => {
    [template, gateway] = await startAll([startTemplateExport(ns), startGateway(ns)] as const);
    admin = await adminSession(gateway.api, ns);
  });
  afterAll(async () => {
    await Promise.all([gateway?.stop(), template?.stop()]);
    await db.close();
    await syncQueue(ns)
      .obliterate({ force: true })
      .catch(() => undefined);
    await dropNamespaceKeys(ns);
    await dropNamespaceSchemas(ns);
  });

  it('template-health carries healthy and base_url even when the sync worker cannot be reached', async () => {
    // No worker runs yet: the gateway answers for it, with the route's error body.
    const health = await gateway.api.get('/admin/api/template-health', admin.token);
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ success: false, healthy: false, base_url: null, code: 'SERVICE_UNAVAILABLE' });
    expect(typeof health.body.error).toBe('string');
  });

  it('a Template too slow to answer fails the run with 504; one that answers something else than pages, with 502', async () => {
    const gate = await new HttpGate(template.url).start();
    gate.hold();
    const slow = await startSyncWorker(ns, { TEMPLATE_BASE_URL: gate.url, TEMPLATE_TIMEOUT_MS: '300', TEMPLATE_RETRIES: '0', SYNC_SCHEDULES_ENABLED: 'false' });
    try {
      const res = await gateway.api.post('/admin/api/sync-template', undefined, admin.token);
      expect(res.status).toBe(504);
      expect(res.body).toMatchObject({
        success: false,
        code: 'UPSTREAM_TIMEOUT',
        error: 'Template API timeout: settings (after 1 attempt)',
        run: { failure: 'template_timeout' },
      });
    } finally {
      gate.release();
      await slow.stop();
      await gate.stop();
    }
    // A server that answers 200 with JSON that is no export page.
    const odd = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"rows":[]}'));
    await new Promise<void>((resolve) => odd.listen(0, '127.0.0.1', resolve));
    const oddUrl = `http://127.0.0.1:${(odd.address() as { port: number }).port}`;
    const confused = await startSyncWorker(ns, { TEMPLATE_BASE_URL: oddUrl, SYNC_SCHEDULES_ENABLED: 'false' });
    try {
      const res = await gateway.api.post('/admin/api/sync-template', undefined, admin.token);
      expect(res.status).toBe(502);
      expect(res.body).toMatchObject({
        success: false,
        code: 'BAD_GATEWAY',
        error: 'Template API settings: unexpected answer (data: is not an array)',
        run: { failure: 'template_error' },
      });
    } finally {
      await confused.stop();
      await new Promise((resolve) => odd.close(resolve));
    }
    await dashboardIsEmpty();
  });

  it('fails the run with the seed message on a wrong key, without retrying, and leaves the Dashboard untouched', async () => {
    const worker = await startSyncWorker(ns, {
      TEMPLATE_BASE_URL: template.url,
      TEMPLATE_API_KEY: 'a-wrong-key-that-is-long-enough',
      SYNC_SCHEDULES_ENABLED: 'false',
    });
    try {
      // The Template refused our key: its fault as far as the caller can tell, so 502 (the seed said 500).
      const res = await gateway.api.post('/admin/api/sync-template', undefined, admin.token);
      expect(res.status).toBe(502);
      expect(res.body).toMatchObject({
        success: false,
        error: syncWorker.TEMPLATE_AUTH_FAILED,
        run: { status: 'failed', error: syncWorker.TEMPLATE_AUTH_FAILED, failure: 'template_auth' },
      });

      const health = await gateway.api.get('/admin/api/template-health', admin.token);
      expect(health.body).toMatchObject({ success: true, healthy: false, base_url: template.url, error: syncWorker.TEMPLATE_AUTH_FAILED });

      await dashboardIsEmpty();
      const history = await gateway.api.get('/admin/api/sync-runs', admin.token);
      expect(history.body.data[0]).toMatchObject({ status: 'failed', error: syncWorker.TEMPLATE_AUTH_FAILED });
      expect(history.body.data[0].finished_at).not.toBeNull();

      // One 401 for the run (no retry) and one for the health check.
      const metrics = (await worker.http.inject({ method: 'GET', url: '/metrics' })).body;
      expect(metricValue(metrics, 'template_api_auth_failures_total')).toBe(2);
      expect(metricValue(metrics, 'template_api_retries_total')).toBe(0);
      expect(metricValue(metrics, 'template_sync_runs_total', { status: 'failed' })).toBe(1);
    } finally {
      await worker.stop();
    }
  });

  it('with the Template down: health is false, requests are retried with backoff, then the run is marked failed', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const worker = await startSyncWorker(ns, { TEMPLATE_BASE_URL: closed, TEMPLATE_RETRIES: '2', SYNC_SCHEDULES_ENABLED: 'false' });
    try {
      const health = await gateway.api.get('/admin/api/template-health', admin.token);
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ success: true, healthy: false, base_url: closed });
      expect(health.body.error).toMatch(/unreachable/);

      const res = await gateway.api.post('/admin/api/sync-template?wait=true', undefined, admin.token);
      expect(res.status).toBe(503);
      expect(res.body.success).toBe(false);
      expect(res.body.error).toMatch(/^Template API unreachable at .*ECONNREFUSED \(after 3 attempts\)$/);
      expect(res.body.run).toMatchObject({ status: 'failed', error: res.body.error, failure: 'template_unreachable' });
      await dashboardIsEmpty();

      const metrics = (await worker.http.inject({ method: 'GET', url: '/metrics' })).body;
      expect(metricValue(metrics, 'template_api_retries_total')).toBe(2);
    } finally {
      await worker.stop();
    }
  });

  it('retries a failed scheduled run as a whole, with backoff, recording each attempt', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const worker = await startSyncWorker(ns, { TEMPLATE_BASE_URL: closed, TEMPLATE_RETRIES: '0', SYNC_SCHEDULES_ENABLED: 'false' });
    const queue = syncQueue(ns);
    try {
      // What the nightly scheduler enqueues, with two attempts and a short backoff.
      const job = await queue.add('sync', { trigger: 'schedule', mode: 'incremental' }, { attempts: 2, backoff: { type: 'exponential', delay: 50 } });
      const runs = await waitFor(
        async () => {
          const rows = await db.query(`SELECT attempt, status, trigger, error FROM ${db.dashboard}.sync_runs WHERE job_id = $1 ORDER BY attempt`, [job.id]);
          return rows.length === 2 && rows.every((r) => r.status === 'failed') ? rows : undefined;
        },
        { timeoutMs: 20_000, what: 'two failed attempts' },
      );
      expect(runs.map((r) => [r.attempt, r.trigger])).toEqual([
        [1, 'schedule'],
        [2, 'schedule'],
      ]);
      await waitFor(async () => (await queue.getJobState(job.id!)) === 'failed', { what: 'the job to fail for good' });
    } finally {
      await queue.close();
      await worker.stop();
    }
  });

  it('at start, marks failed a run left running by an instance that died, and only that one', async () => {
    // The earlier tests created the schema; these rows are what a worker killed mid-run leaves behind.
    const dead = randomUUID();
    const finished = randomUUID();
    await db.query(
      `INSERT INTO ${db.dashboard}.sync_runs (id, job_id, trigger, mode, status) VALUES ($1, 'job-of-a-dead-worker', 'manual', 'full', 'running'), ($2, 'job-that-finished', 'manual', 'full', 'succeeded')`,
      [dead, finished],
    );
    const worker = await startSyncWorker(ns, { TEMPLATE_BASE_URL: template.url, SYNC_SCHEDULES_ENABLED: 'false' });
    try {
      const rows = await db.query(`SELECT id, status, error, finished_at FROM ${db.dashboard}.sync_runs WHERE id = ANY($1::uuid[])`, [[dead, finished]]);
      const byId = new Map(rows.map((r) => [r.id, r]));
      expect(byId.get(dead)).toMatchObject({ status: 'failed', error: 'Interrupted: the worker stopped before the run finished' });
      expect(byId.get(dead).finished_at).not.toBeNull();
      expect(byId.get(finished)).toMatchObject({ status: 'succeeded', error: null });
    } finally {
      await worker.stop();
    }
  });
});
