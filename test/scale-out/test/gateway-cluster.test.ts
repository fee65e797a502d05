import { request } from 'node:http';
import { uniqueNamespace, waitFor } from '@platform/testkit';
import { adminSession } from '@platform/testkit/admin';
import { startPlatform, type TestPlatform } from '@platform/testkit/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { census, censusWhen, handledBetween, printTable } from './instance-reports.js';

/** A request on a connection of its own: the cluster primary hands out connections, not requests. */
function getOnNewConnection(baseUrl: string, path: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}${path}`, { agent: false, headers: { authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.once('error', reject);
    req.end();
  });
}

const gatewayWorkers = (reports: Awaited<ReturnType<typeof census>>) => reports.filter((report) => report.service === 'gateway');

/** `npm start -- --replicas 2` runs the gateway this way: one primary, two full gateways sharing one port (docs/decisions/0006). */
describe('the gateway as a cluster of workers on one port', () => {
  const namespace = uniqueNamespace('sc');
  let platform: TestPlatform;
  let adminToken: string;
  let fanToken: string;

  beforeAll(async () => {
    platform = await startPlatform(namespace, {
      only: ['gateway', 'wallet'],
      serviceEnv: { gateway: { GATEWAY_WORKERS: '2', INSTANCE_ID: 'gw' } },
      timeoutMs: 300_000,
    });
    adminToken = (await adminSession(platform.api, namespace)).token;
    fanToken = (await platform.api.register()).token;
  }, 420_000);

  afterAll(async () => {
    await platform?.stop();
  }, 120_000);

  it('runs two whole gateways, each with its own instance id, and alternates new connections between them', async () => {
    const before = await censusWhen(platform.api, adminToken, { gateway: 2, wallet: 1 });
    const workers = gatewayWorkers(before);
    expect(workers.map((report) => report.instance).sort()).toEqual(['gw-1', 'gw-2']);
    expect(new Set(workers.map((report) => report.pid)).size).toBe(2);

    const requests = 40;
    for (let i = 0; i < requests; i++) expect(await getOnNewConnection(platform.api.baseUrl, '/api/wallet/balance', fanToken)).toBe(200);
    const handled = handledBetween(before, await census(platform.api, adminToken), 'gateway', (report) => report.httpRequests);
    printTable(`${requests} requests, one connection each, to one port`, ['gateway worker', 'requests handled'], [...handled]);
    expect(handled.size).toBe(2);
    for (const count of handled.values()) expect(count).toBeGreaterThanOrEqual(requests / 4);
  }, 120_000);

  it('replaces a worker that dies, and keeps serving on the same port', async () => {
    const victim = gatewayWorkers(await censusWhen(platform.api, adminToken, { gateway: 2 })).find((report) => report.instance === 'gw-1')!;
    process.kill(victim.pid, 'SIGKILL');
    const replaced = await waitFor(
      async () => {
        const workers = gatewayWorkers(await census(platform.api, adminToken));
        const successor = workers.find((report) => report.instance === 'gw-1');
        return workers.length === 2 && successor && successor.pid !== victim.pid ? successor : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 250, what: 'the primary to start a new gw-1' },
    );
    expect(replaced.pid).not.toBe(victim.pid);
    for (let i = 0; i < 10; i++) expect(await getOnNewConnection(platform.api.baseUrl, '/api/wallet/balance', fanToken)).toBe(200);
  }, 180_000);

  it('keeps the census to administrators and names a bad field', async () => {
    const tooShort = await platform.api.get('/api/admin/instances?waitMs=10', adminToken);
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.error.field).toBe('waitMs');
    expect((await platform.api.get('/api/admin/instances', fanToken)).status).toBe(403);
    expect((await platform.api.get('/api/admin/instances')).status).toBe(401);
  });

  it('stops every worker on SIGTERM and exits 0', async () => {
    const workers = gatewayWorkers(await censusWhen(platform.api, adminToken, { gateway: 2 }));
    const [gateway] = platform.instances.get('gateway')!;
    expect(await gateway.stop('SIGTERM')).toBe(0);
    for (const worker of workers) expect(() => process.kill(worker.pid, 0)).toThrow();
  }, 60_000);
});
