import type { NatsConnection } from '@nats-io/transport-node';
import type { Operation } from '@platform/contracts';
import { parseConfig, type Service } from '@platform/service-kit';
import { dropNamespaceSchemas, infra, schemaFor, serviceEnv, startGateway, type TestApi, type TestGateway, uniqueNamespace } from '@platform/testkit';
import { auditLedger, type LedgerAudit } from '@platform/testkit/ledger-audit';
import { callOperation, connectTestNats, deleteEventStream } from '@platform/testkit/nats';
import pg from 'pg';
import { buildWalletService } from '../src/app.js';
import { type WalletConfig, walletEnvSchema } from '../src/config.js';

export interface Session {
  token: string;
  user: { id: string; email: string };
}

/** A reply envelope, loosely typed for assertions: `data` on success, `error` on refusal. */
export interface Reply {
  ok: boolean;
  data?: any;
  error?: any;
}

export interface WalletHarness {
  namespace: string;
  schema: string;
  config: WalletConfig;
  gateway: TestGateway;
  api: TestApi;
  wallet: Service;
  /** Direct SQL on the test's wallet schema, for checks the API cannot make. */
  sql: pg.Pool;
  nc: NatsConnection;
  /** An internal operation over NATS, as shop/tickets/esim call it. */
  call(op: Operation, input: unknown): Promise<Reply>;
  /** A fresh user registered through the gateway. */
  newUser(): Promise<Session>;
  /** Deposits through the gateway and fails the test if it does not work. */
  fund(session: Session, amount: number | string): Promise<void>;
  balanceMinor(session: Session): Promise<number>;
  audit(): Promise<LedgerAudit>;
  close(): Promise<void>;
}

/**
 * The real gateway in a child process and the wallet in-process, both in a
 * fresh namespace (their own schemas, NATS subjects and event stream).
 */
export async function startWalletHarness(env: Record<string, string> = {}): Promise<WalletHarness> {
  const namespace = uniqueNamespace('wl');
  const schema = schemaFor('wallet', namespace);
  const gateway = await startGateway(namespace);
  const config = parseConfig(walletEnvSchema, serviceEnv('wallet', namespace, { HTTP_PORT: '0', ...env }));
  const wallet = await buildWalletService(config);
  const sql = new pg.Pool({ connectionString: infra.databaseUrl, max: 2 });
  const nc = await connectTestNats();
  const api = gateway.api;

  const harness: WalletHarness = {
    namespace,
    schema,
    config,
    gateway,
    api,
    wallet,
    sql,
    nc,
    call: (op, input) => callOperation(nc, op, namespace, input as Record<string, unknown>),
    newUser: () => api.register(),
    async fund(session, amount) {
      const res = await api.post('/api/wallet/deposit', { amount }, session.token);
      if (res.status !== 200) throw new Error(`deposit failed: ${res.status} ${JSON.stringify(res.body)}`);
    },
    async balanceMinor(session) {
      const res = await api.get('/api/wallet/balance', session.token);
      if (res.status !== 200) throw new Error(`balance failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.balanceMinor;
    },
    audit: () => auditLedger(sql, namespace),
    async close() {
      await wallet.stop();
      await gateway.stop();
      await deleteEventStream(nc, namespace);
      await nc.close();
      await sql.end();
      await dropNamespaceSchemas(namespace);
    },
  };
  return harness;
}

/** Runs `worker` for each item with at most `parallel` at a time. */
export async function inParallel<T, R>(items: readonly T[], parallel: number, worker: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await worker(items[index], index);
      }
    }),
  );
  return results;
}
