import type { PurchaseRecord, SagaFaults, WalletCharge } from '@platform/checkout';
import { parseConfig } from '@platform/service-kit';
import { infra, schemaFor, serviceEnv, type TestApi, uniqueNamespace } from '@platform/testkit';
import { type AdminSession, adminSession } from '@platform/testkit/admin';
import pg from 'pg';
import { buildTicketsService, type TicketsService } from '../src/app.js';
import { ticketsEnvSchema } from '../src/config.js';
import { seedDemoCatalog } from '../src/store/demo-catalog-seed.js';
import { type CommercePlatform, type Shopper, startCommercePlatform } from '@platform/testkit/commerce';

export type { Shopper };

/** Faults a test arms for its next purchase; the service's SagaFaults delegate to whatever is armed. */
export interface FaultPlan {
  afterReserve?(purchase: PurchaseRecord): void | Promise<void>;
  afterDebit?(purchase: PurchaseRecord, charge: WalletCharge): void | Promise<void>;
}

export interface TicketsHarness {
  namespace: string;
  platform: CommercePlatform;
  api: TestApi;
  service: TicketsService;
  /** Direct SQL on the test's tickets schema (search_path set), for checks the API cannot make. */
  sql(text: string, values?: unknown[]): Promise<any[]>;
  admin: AdminSession;
  faults: FaultPlan;
  /** A fresh user with `amount` in their wallet (through the gateway). */
  newUser(amount?: number | string): Promise<Shopper>;
  /** A fresh user promoted to `role` in the gateway's schema and signed in again. */
  newStaff(role?: 'staff' | 'admin'): Promise<Shopper>;
  /** The demo matches, as `npm start` seeds them (src/seed.ts). */
  seedDemo(): Promise<{ created: number; rescheduled: number }>;
  /** Creates an event through the admin API; returns the event view. */
  createEvent(overrides?: Record<string, unknown>): Promise<any>;
  close(): Promise<void>;
}

export const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/** For beforeAll: starting two child processes and the service can take minutes on a loaded 2-core machine. */
export const HARNESS_START_TIMEOUT_MS = 300_000;
/** Per-test bound for tests against the real services: generous, since the machine's cores are shared. */
export const INFRA_TEST_TIMEOUT_MS = 120_000;
/** Upper bound for polling background work (outbox relay, queued jobs): a bound, not a speed assertion. */
export const BACKGROUND_WORK_TIMEOUT_MS = 60_000;

/**
 * The real gateway and wallet as child processes, the tickets service
 * in-process, all in a fresh namespace (schemas, NATS subjects, event stream,
 * Redis keys). The scheduled recovery job runs rarely by default, so a test
 * decides when recovery happens.
 */
export async function startTicketsHarness(env: Record<string, string> = {}): Promise<TicketsHarness> {
  const namespace = uniqueNamespace('tk');
  const platform = await startCommercePlatform(namespace);
  const faults: FaultPlan = {};
  const sagaFaults: SagaFaults = {
    afterReserve: (purchase) => faults.afterReserve?.(purchase),
    afterDebit: (purchase, charge) => faults.afterDebit?.(purchase, charge),
  };
  const config = parseConfig(
    ticketsEnvSchema,
    serviceEnv('tickets', namespace, {
      HTTP_PORT: '0',
      PURCHASE_RECOVERY_GRACE_MS: '0',
      PURCHASE_RECOVERY_INTERVAL_MS: '3600000',
      TICKETS_REFUND_RETRY_INTERVAL_MS: '3600000',
      ...env,
    }),
  );
  let service: TicketsService;
  try {
    service = await buildTicketsService(config, { faults: sagaFaults });
  } catch (error) {
    await platform.stop();
    throw error;
  }
  const pool = new pg.Pool({ connectionString: infra.databaseUrl, max: 2 });
  const schema = schemaFor('tickets', namespace);
  const api = platform.api;
  const admin = await adminSession(api, namespace);

  const harness: TicketsHarness = {
    namespace,
    platform,
    api,
    service,
    admin,
    faults,
    async sql(text, values = []) {
      const client = await pool.connect();
      try {
        await client.query(`SET search_path TO "${schema}"`);
        return (await client.query(text, values)).rows;
      } finally {
        await client.query('RESET search_path').catch(() => undefined);
        client.release();
      }
    },
    newUser: (amount) => platform.newUser(amount),
    seedDemo: () => seedDemoCatalog(pool, schema),
    async newStaff(role = 'staff') {
      const password = 'password-123';
      const session = await api.register({ password });
      await pool.query(`UPDATE "${schemaFor('gateway', namespace)}".users SET role = $2 WHERE id = $1`, [session.user.id, role]);
      const login = await api.post('/api/auth/login', { email: session.user.email, password });
      if (login.status !== 200 || login.body.user.role !== role) throw new Error(`${role} login failed: ${login.status} ${JSON.stringify(login.body)}`);
      return { token: login.body.token, user: login.body.user };
    },
    async createEvent(overrides = {}) {
      const res = await api.post(
        '/api/tickets/admin/events',
        {
          clubId: 'psg',
          title: `Test match ${Math.random().toString(36).slice(2, 8)}`,
          venue: 'Parc des Princes',
          startsAt: inDays(7),
          categories: [
            { code: 'standard', name: 'Standard', price: '25.00', capacity: 100 },
            { code: 'premium', name: 'Premium', price: '89.99', capacity: 20 },
          ],
          ...overrides,
        },
        admin.token,
      );
      if (res.status !== 201) throw new Error(`create event failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    async close() {
      await service.stop();
      await pool.end();
      await platform.stop();
    },
  };
  return harness;
}

/** Seats left in one category, as the public listing shows them. */
export async function seatsLeft(h: TicketsHarness, eventId: string, category: string): Promise<number> {
  const res = await h.api.get(`/api/tickets/events/${eventId}`);
  if (res.status !== 200) throw new Error(`event read failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.categories.find((c: { code: string }) => c.code === category).seatsLeft;
}

/** Runs `worker` over `items` with at most `parallel` in flight: for checks that must not themselves overload the machine. */
export async function inParallel<T, R>(items: readonly T[], parallel: number, worker: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await worker(items[index], index);
      }
    }),
  );
  return results;
}
