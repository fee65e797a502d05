import { type ApiResponse, dropNamespaceSchemas, type RunningProcess, serviceEntry, serviceEnv, startProcess, TestApi } from '@platform/testkit';
import type { CommercePlatform, Shopper } from '@platform/testkit/commerce';
import { connectTestNats, deleteEventStream } from '@platform/testkit/nats';
import { dropNamespaceKeys } from '@platform/testkit/redis';

/**
 * The real gateway and wallet as child processes, like the testkit's
 * startCommercePlatform (same interface), but sturdier on a shared 2-core
 * machine: the two start one after the other with a generous start-up limit
 * (tsx compiles each on the fly, which can take well over 30 s under load),
 * and a failed start stops whatever already runs instead of leaking it.
 */
const STARTUP_TIMEOUT_MS = 120_000;

export async function startPlatform(namespace: string): Promise<CommercePlatform> {
  const running: RunningProcess[] = [];
  let gatewayProcess: RunningProcess;
  let wallet: RunningProcess;
  try {
    gatewayProcess = await startProcess(
      serviceEntry('gateway'),
      serviceEnv('gateway', namespace, { RATE_LIMIT_MAX: '100000', RATE_LIMIT_ROUTE_FACTOR: '100' }),
      { healthPath: '/health', timeoutMs: STARTUP_TIMEOUT_MS },
    );
    running.push(gatewayProcess);
    wallet = await startProcess(serviceEntry('wallet'), serviceEnv('wallet', namespace), { timeoutMs: STARTUP_TIMEOUT_MS });
    running.push(wallet);
  } catch (error) {
    await Promise.allSettled(running.map((process) => process.stop()));
    await dropNamespaceSchemas(namespace);
    throw error;
  }
  const nc = await connectTestNats();
  const api = new TestApi(gatewayProcess.url);

  const platform: CommercePlatform = {
    namespace,
    gateway: { api, process: gatewayProcess, stop: async () => void (await gatewayProcess.stop()) },
    api,
    wallet,
    nc,
    async newUser(amount) {
      const session = await api.register();
      if (amount !== undefined) {
        const res = await api.post('/api/wallet/deposit', { amount }, session.token);
        if (res.status !== 200) throw new Error(`deposit failed: ${res.status} ${JSON.stringify(res.body)}`);
      }
      return session;
    },
    async newUsers(count, amount) {
      // A few at a time: password hashing is deliberately slow.
      const users: Shopper[] = new Array(count);
      let next = 0;
      const worker = async () => {
        while (next < count) {
          const slot = next++;
          users[slot] = await platform.newUser(amount);
        }
      };
      await Promise.all(Array.from({ length: Math.min(4, count) }, worker));
      return users;
    },
    async balanceMinor(user) {
      const res = await api.get('/api/wallet/balance', user.token);
      if (res.status !== 200) throw new Error(`balance failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.balanceMinor;
    },
    async purchases(user) {
      const found: any[] = [];
      for (const type of ['payment', 'refund']) {
        let cursor: string | null = null;
        do {
          const res: ApiResponse = await api.get(`/api/wallet/transactions?limit=100&type=${type}${cursor ? `&cursor=${cursor}` : ''}`, user.token);
          if (res.status !== 200) throw new Error(`transactions failed: ${res.status} ${JSON.stringify(res.body)}`);
          found.push(...res.body.transactions);
          cursor = res.body.nextCursor;
        } while (cursor);
      }
      return found
        .sort((a, b) => (a.timestamp < b.timestamp ? 1 : -1))
        .map((t) => ({ id: t.id, type: t.type, amountMinor: Math.abs(t.amountMinor), reference: t.reference, refundOf: t.refundOf }));
    },
    async stop() {
      await Promise.allSettled([gatewayProcess.stop(), wallet.stop()]);
      await deleteEventStream(nc, namespace);
      await nc.close();
      await dropNamespaceSchemas(namespace);
      await dropNamespaceKeys(namespace);
    },
  };
  return platform;
}
