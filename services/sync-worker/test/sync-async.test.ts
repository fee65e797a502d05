import { dropNamespaceSchemas, type RunningProcess, startGateway, type TestGateway, uniqueNamespace, waitFor } from '@platform/testkit';
import { type AdminSession, adminSession } from '@platform/testkit/admin';
import { HttpGate } from '@platform/testkit/http-gate';
import { dropNamespaceKeys } from '@platform/testkit/redis';
import { startAll } from '@platform/testkit/start-all';
import { startTemplateExport } from '@platform/testkit/template-export';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSyncWorker, type SyncWorkerUnderTest, syncQueue } from './harness.js';

/**
 * The asynchronous ways to run a sync, beside the seed's synchronous one:
 * `Prefer: respond-async` (RFC 7240), `?wait=false`, and a run that outlasts
 * the wait (SYNC_ANSWER_WITHIN_MS): each answers 202 with a Location to
 * follow, never a silent gateway timeout.
 */
describe('template sync: asynchronous answers', () => {
  const ns = uniqueNamespace('synca');
  let template: RunningProcess;
  let gateway: TestGateway;
  let gate: HttpGate;
  let worker: SyncWorkerUnderTest;
  let admin: AdminSession;

  const follow = (location: string) => gateway.api.get(location, admin.token);
  const completed = (location: string) =>
    waitFor(
      async () => {
        const res = await follow(location);
        return res.body.job?.state === 'completed' ? res : undefined;
      },
      { timeoutMs: 30_000, what: `${location} to complete` },
    );

  beforeAll(async () => {
    [template, gateway] = await startAll([startTemplateExport(ns), startGateway(ns)] as const);
    gate = await new HttpGate(template.url).start();
    // A short wait, so a sync held at the gate outlasts it; the route's deadline stays the contract's 120 s.
    worker = await startSyncWorker(ns, { TEMPLATE_BASE_URL: gate.url, SYNC_SCHEDULES_ENABLED: 'false', SYNC_ANSWER_WITHIN_MS: '500' });
    admin = await adminSession(gateway.api, ns);
  });
  afterAll(async () => {
    gate?.release();
    await worker?.stop();
    await gate?.stop();
    await Promise.all([gateway?.stop(), template?.stop()]);
    await syncQueue(ns)
      .obliterate({ force: true })
      .catch(() => undefined);
    await dropNamespaceKeys(ns);
    await dropNamespaceSchemas(ns);
  });

  it('Prefer: respond-async answers 202 at once with the job and where to follow it; following gives the seed answer', async () => {
    gate.hold();
    const res = await gateway.api.post('/admin/api/sync-template', undefined, admin.token, { prefer: 'respond-async, wait=100' });
    expect(res.status).toBe(202);
    expect(res.headers.get('preference-applied')).toBe('respond-async');
    const location = res.headers.get('location')!;
    expect(location).toBe(`/admin/api/sync-jobs/${res.body.job.id}`);
    expect(res.body).toMatchObject({ success: true, data: {}, job: { already_running: false }, status_url: location });
    expect(['waiting', 'active', 'prioritized']).toContain(res.body.job.state);

    const running = await follow(location);
    expect(running.status).toBe(200);
    expect(running.body).toMatchObject({ success: true, data: {}, status_url: location });
    expect(running.body.job.state).not.toBe('completed');

    gate.release();
    const done = await completed(location);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      success: true,
      message: 'Synchronization completed',
      data: { settings: 5, paintings: 12, orders: 4 },
      run: { status: 'succeeded', job_id: res.body.job.id },
    });
    expect(done.body.status_url).toBeUndefined();
  });

  it('a sync that outlasts the wait answers 202 with its Location instead of running into the gateway deadline', async () => {
    gate.hold();
    const res = await gateway.api.post('/admin/api/sync-template?full=true', undefined, admin.token);
    expect(res.status).toBe(202);
    expect(res.body.message).toMatch(/follow it at status_url/);
    expect(res.headers.get('preference-applied')).toBeNull();
    const location = res.headers.get('location')!;
    expect(location).toBe(res.body.status_url);
    gate.release();
    const done = await completed(location);
    expect(done.body).toMatchObject({ message: 'Synchronization completed', data: { paintings: 12 }, run: { mode: 'full' } });
  });

  it('?wait=true waits even with Prefer: respond-async (an explicit flag wins), within the same budget', async () => {
    const res = await gateway.api.post('/admin/api/sync-template?wait=true', undefined, admin.token, { prefer: 'respond-async' });
    // This worker waits only 500 ms: on a loaded machine even a small run may outlast it and become a 202 to follow.
    if (res.status === 200) expect(res.headers.get('preference-applied')).toBeNull();
    const done = res.status === 202 ? await completed(res.headers.get('location')!) : res;
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ success: true, message: 'Synchronization completed', job: { state: 'completed' } });
  });

  it('the job monitor answers 404 naming id for an unknown job, and refuses non-admins', async () => {
    const unknown = await follow('/admin/api/sync-jobs/no-such-job');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ success: false, code: 'NOT_FOUND', field: 'id' });
    const user = await gateway.api.register();
    expect((await gateway.api.get('/admin/api/sync-jobs/no-such-job', user.token)).status).toBe(403);
    expect((await gateway.api.get('/admin/api/sync-jobs/no-such-job')).status).toBe(401);
  });
});
