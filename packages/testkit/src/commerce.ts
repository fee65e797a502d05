import type { NatsConnection } from '@nats-io/transport-node';
import type { TestGateway } from './gateway.js';
import { TestApi } from './http.js';
import { dropNamespaceSchemas, serviceEnv } from './infra.js';
import { connectTestNats, deleteEventStream } from './nats.js';
import { type RunningProcess, serviceEntry, startProcess } from './processes.js';
import { dropNamespaceKeys } from './redis.js';

export interface Shopper {
  token: string;
  user: { id: string; email: string; role: string };
}

/**
 * What a selling service (shop, tickets, esim) is tested against: the real
 * gateway and the real wallet as child processes in one namespace, plus a
 * NATS connection. The service under test runs in-process next to them.
 */
export interface CommercePlatform {
  namespace: string;
  gateway: TestGateway;
  api: TestApi;
  wallet: RunningProcess;
  nc: NatsConnection;
  /** A fresh user, registered through the gateway, with `amount` deposited through the gateway when given. */
  newUser(amount?: number | string): Promise<Shopper>;
  /** `count` fresh users, a few at a time: password hashing is deliberately slow, and a burst of 100 would miss the gateway's deadline. */
  newUsers(count: number, amount?: number | string): Promise<Shopper[]>;
  balanceMinor(user: Shopper): Promise<number>;
  /** The user's wallet payments (charges) and refunds, newest first, as the wallet reports them. */
  purchases(user: Shopper): Promise<Array<{ id: string; type: 'payment' | 'refund'; amountMinor: number; reference: string | null; refundOf: string | null }>>;
  /** Stops the processes and removes the namespace's schemas, Redis keys and stream. Stop the in-process service first. */
  stop(): Promise<void>;
}

/**
 * Child processes compile TypeScript at start; on a loaded 2-core machine
 * (several test files, several engineers) that can take longer than the
 * default 30 s. Use a beforeAll timeout above this.
 */
export const PLATFORM_START_TIMEOUT_MS = 120_000;

export async function startCommercePlatform(namespace: string): Promise<CommercePlatform> {
  const started = await Promise.allSettled([
    startProcess(serviceEntry('gateway'), serviceEnv('gateway', namespace, { RATE_LIMIT_MAX: '100000', RATE_LIMIT_ROUTE_FACTOR: '100' }), {
      timeoutMs: PLATFORM_START_TIMEOUT_MS,
    }),
    startProcess(serviceEntry('wallet'), serviceEnv('wallet', namespace), { timeoutMs: PLATFORM_START_TIMEOUT_MS }),
  ]);
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    // Never leave the other process running behind a failed start.
    await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
    throw failed.reason;
  }
  const [gatewayProcess, wallet] = started.map((s) => (s as PromiseFulfilledResult<RunningProcess>).value);
  const gateway: TestGateway = { api: new TestApi(gatewayProcess.url), process: gatewayProcess, stop: async () => void (await gatewayProcess.stop()) };
  const nc = await connectTestNats();
  const api = gateway.api;
  const platform: CommercePlatform = {
    namespace,
    gateway,
    api,
    wallet,
    nc,
    async newUser(amount) {
      const session = await retryWhileBusy(() => api.register());
      if (amount !== undefined) {
        // With a key, a deposit retried after a timeout is credited once.
        const headers = { 'idempotency-key': `test-deposit-${session.user.id}` };
        await retryWhileBusy(async () => {
          const res = await api.post('/api/wallet/deposit', { amount }, session.token, headers);
          if (res.status !== 200) throw new Error(`deposit failed: ${res.status} ${JSON.stringify(res.body)}`);
        });
      }
      return session;
    },
    async newUsers(count, amount) {
      const users: Shopper[] = [];
      const worker = async () => {
        while (users.length < count) {
          const slot = users.length;
          users.push(undefined as unknown as Shopper);
          users[slot] = await platform.newUser(amount);
        }
      };
      await Promise.all(Array.from({ length: Math.min(3, count) }, worker));
      return users;
    },
    async balanceMinor(user) {
      const res = await retryWhileBusy(() => okOrThrow(api.get('/api/wallet/balance', user.token), 'balance'));
      return res.body.balanceMinor;
    },
    async purchases(user) {
      const found: any[] = [];
      for (const type of ['payment', 'refund']) {
        let cursor: string | null = null;
        do {
          const query: string = `/api/wallet/transactions?limit=100&type=${type}${cursor ? `&cursor=${cursor}` : ''}`;
          const res = await retryWhileBusy(() => okOrThrow(api.get(query, user.token), 'transactions'));
          found.push(...res.body.transactions);
          cursor = res.body.nextCursor;
        } while (cursor);
      }
      return found
        .sort((a, b) => (a.timestamp < b.timestamp ? 1 : -1))
        .map((t) => ({ id: t.id, type: t.type, amountMinor: Math.abs(t.amountMinor), reference: t.reference, refundOf: t.refundOf }));
    },
    async stop() {
      await Promise.allSettled([gateway.stop(), wallet.stop()]);
      await deleteEventStream(nc, namespace);
      await nc.close();
      await dropNamespaceSchemas(namespace);
      await dropNamespaceKeys(namespace);
    },
  };
  return platform;
}

async function okOrThrow<T extends { status: number; body: any }>(request: Promise<T>, what: string): Promise<T> {
  const res = await request;
  if (res.status !== 200) throw new Error(`${what} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}

/**
 * Retries a test's own set-up or read (sign-up, sign-in, a balance) that
 * missed a deadline (503/504). Password hashing is slow on purpose, and on a
 * 2-core machine running several test files a burst of requests can take
 * longer than 5 s; that is load, not the behaviour under test. Only for
 * requests that are safe to repeat (reads, a fresh sign-up).
 */
export async function retryWhileBusy<T>(attempt: () => Promise<T>, attempts = 12): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      const message = (error as Error).message;
      if (i >= attempts || !/\b(503|504)\b/.test(message)) throw error;
      // The gateway sheds sign-ups past what it can hash in time (503 with retryAfter): wait as it says.
      const retryAfterSeconds = Number(/"retryAfter":(\d+)/.exec(message)?.[1] ?? 0);
      await new Promise((resolve) => setTimeout(resolve, Math.max(250 * i, retryAfterSeconds * 1000)));
    }
  }
}
