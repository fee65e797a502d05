import { connect } from '@nats-io/transport-node';
import { auth, eventStreamName } from '@platform/contracts';
import { outboxInsert } from '@platform/service-kit';
import { infra, schemaFor, TEST_JWT_SECRET, uniqueNamespace } from '@platform/testkit';
import { dropNamespaceKeys } from '@platform/testkit/redis';
import pg from 'pg';
import { type BenchService, startBenchService } from '../lib/services.js';
import { withDescendants } from '../wallet/cpu.js';

/** One namespace per run: its own schemas, NATS subjects, Redis keys and stream. */
export const namespace = uniqueNamespace('benchm');

/**
 * Each service's pool gets an application_name of its own (a parameter of the
 * connection string wins over the pool's option in node-postgres), so the
 * PostgreSQL backends serving this run can be told from other work's.
 */
export const applicationName = (service: string) => `${service}-${namespace}`;
const databaseUrlFor = (service: string) => `${infra.databaseUrl}${infra.databaseUrl.includes('?') ? '&' : '?'}application_name=${applicationName(service)}`;

export interface MatchdayPlatform {
  /** A gateway with its default limits (what production runs): the real answer to a crowd behind one or many addresses. */
  edgeUrl: string;
  /** A second gateway, same code, limits raised: set-up, and the drop's throughput with no limit in the way. */
  gatewayUrl: string;
  services: BenchService[];
  admin: pg.Pool;
  /** Process groups for the CPU meter: the services (with their tsx wrappers) and their PostgreSQL backends. */
  groups(): Promise<Record<string, number[]>>;
  stop(): Promise<void>;
}

/**
 * Two gateways, the wallet and tickets as production runs them (dist/start
 * with BENCH_RUNTIME=bundle), started like the tests do. Both gateways are
 * told to trust X-Forwarded-For (TRUST_PROXY), as behind a load balancer, so
 * the bench can play fans behind many addresses or one. The edge gateway
 * keeps its default limits (BENCH_GATEWAY_ENV, JSON, adds settings); the
 * other has them raised, for set-up and to measure the drop itself.
 */
export async function startMatchdayPlatform(): Promise<MatchdayPlatform> {
  const services: BenchService[] = [];
  const extraGatewayEnv = JSON.parse(process.env.BENCH_GATEWAY_ENV ?? '{}') as Record<string, string>;
  const pool = process.env.BENCH_POOL ?? '10';
  // Production's password cost (the testkit's test gateways use the reduced one).
  const gatewayEnv = {
    NODE_ENV: 'development',
    JWT_SECRET: TEST_JWT_SECRET,
    TRUST_PROXY: 'true',
    ACCESS_TOKEN_TTL_SECONDS: '3600',
    PASSWORD_HASH_COST: 'owasp',
  };
  services.push(
    await startBenchService('gateway', namespace, {
      ...gatewayEnv,
      DATABASE_URL: databaseUrlFor('gateway'),
      RATE_LIMIT_MAX: '1000000000',
      RATE_LIMIT_IP_MAX: '1000000000',
      RATE_LIMIT_ROUTE_FACTOR: '1000000',
    }),
    {
      ...(await startBenchService('gateway', namespace, { ...gatewayEnv, DATABASE_URL: databaseUrlFor('gateway'), ...extraGatewayEnv })),
      name: 'edge gateway',
    },
    await startBenchService('wallet', namespace, {
      NODE_ENV: 'development',
      DATABASE_URL: databaseUrlFor('wallet'),
      DATABASE_POOL_SIZE: pool,
    }),
    await startBenchService('tickets', namespace, {
      NODE_ENV: 'development',
      DATABASE_URL: databaseUrlFor('tickets'),
      DATABASE_POOL_SIZE: pool,
      SEED_DEMO_DATA: 'false',
    }),
  );
  const admin = new pg.Pool({ connectionString: infra.databaseUrl, max: 2 });
  const pids = Object.fromEntries(services.map((s) => [s.name, withDescendants(s.child.pid!)]));
  const backends = async (service: string) =>
    (await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [applicationName(service)])).rows.map((r) => r.pid);
  return {
    gatewayUrl: services[0].url,
    edgeUrl: services[1].url,
    services,
    admin,
    groups: async () => ({
      gateway: pids.gateway,
      'edge gateway': pids['edge gateway'],
      tickets: pids.tickets,
      wallet: pids.wallet,
      'postgres (tickets)': await backends('tickets'),
      'postgres (wallet)': await backends('wallet'),
      'postgres (gateway)': await backends('gateway'),
    }),
    async stop() {
      await Promise.all(services.map((s) => s.stop()));
      for (const service of ['gateway', 'wallet', 'tickets']) {
        await admin.query(`DROP SCHEMA IF EXISTS "${schemaFor(service, namespace)}" CASCADE`).catch(() => undefined);
      }
      const nc = await connect({ servers: infra.natsUrl });
      await nc.request(`$JS.API.STREAM.DELETE.${eventStreamName(namespace)}`, '', { timeout: 5_000 }).catch(() => undefined);
      await nc.close();
      await admin.end();
      await dropNamespaceKeys(namespace).catch(() => undefined);
    },
  };
}

export interface DropInvariants {
  capacity: number;
  tickets: number;
  /** Purchases by status in tickets' saga table: pending / refunding must be 0 once the drop is over. */
  purchases: Record<string, number>;
  /** Wallet debits paying for this event's purchases (by reference), and how many fans paid more than once. */
  charges: number;
  chargedTwice: number;
  /** Sum of those debits, and the tickets merchant's balance (every drop of the run). */
  chargedMinor: number;
  merchantBalanceMinor: number;
}

/** What the databases say about one event's drop. */
export async function dropInvariants(admin: pg.Pool, eventId: string): Promise<DropInvariants> {
  const tickets = `"${schemaFor('tickets', namespace)}"`;
  const wallet = `"${schemaFor('wallet', namespace)}"`;
  const { rows: category } = await admin.query(`SELECT sum(capacity)::int AS capacity FROM ${tickets}.ticket_categories WHERE event_id = $1`, [eventId]);
  const { rows: issued } = await admin.query(`SELECT count(*)::int AS n FROM ${tickets}.tickets WHERE event_id = $1`, [eventId]);
  const { rows: statuses } = await admin.query(
    `SELECT p.status, count(*)::int AS n FROM ${tickets}.purchases p JOIN ${tickets}.ticket_orders o ON o.purchase_id = p.id WHERE o.event_id = $1 GROUP BY p.status`,
    [eventId],
  );
  const { rows: purchaseIds } = await admin.query(`SELECT purchase_id::text AS id FROM ${tickets}.ticket_orders WHERE event_id = $1`, [eventId]);
  const { rows: charges } = await admin.query(
    `SELECT count(*)::int AS n, COALESCE(sum(amount_minor), 0)::bigint AS sum, count(*) - count(DISTINCT from_account_id) AS twice
       FROM ${wallet}.transfers WHERE kind = 'debit' AND merchant = 'tickets' AND reference = ANY($1::text[])
        AND NOT EXISTS (SELECT 1 FROM ${wallet}.transfers r WHERE r.kind = 'refund' AND r.reverses_transfer_id = transfers.id)`,
    [purchaseIds.map((r) => r.id)],
  );
  const { rows: merchant } = await admin.query(`SELECT balance_minor::bigint AS b FROM ${wallet}.accounts WHERE kind = 'merchant' AND owner = 'tickets'`);
  return {
    capacity: category[0].capacity,
    tickets: issued[0].n,
    purchases: Object.fromEntries(statuses.map((r) => [r.status, r.n])),
    charges: charges[0].n,
    chargedTwice: Number(charges[0].twice),
    chargedMinor: Number(charges[0].sum),
    merchantBalanceMinor: Number(merchant[0]?.b ?? 0),
  };
}

/**
 * The gateway's user rows for fans signed in without registering (phases.ts,
 * signedInFans), as registration would write them but with a password hash
 * that never verifies: the wallet finds them as send recipients, nobody can
 * log in as them.
 */
export async function recordSignedInFans(admin: pg.Pool, fans: Array<{ id: string }>, tag: string): Promise<void> {
  const schema = schemaFor('gateway', namespace);
  const client = await admin.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ id: string; email: string; updated_at: Date }>(
      `INSERT INTO "${schema}".users (id, email, name, club_id, password_hash, role)
       SELECT id, 'fan-' || $2 || '-' || id || '@example.com', 'Fan', 'psg', 'none', 'user' FROM unnest($1::uuid[]) AS id
       RETURNING id, email, updated_at`,
      [fans.map((f) => f.id), tag],
    );
    // With their sign-up events, as the gateway's own registration writes them: the wallet's read model
    // of users learns them from the gateway's outbox (docs/decisions/0975).
    for (const row of rows) {
      const event = outboxInsert(
        auth.userRegistered,
        { userId: row.id, email: row.email, name: 'Fan', clubId: 'psg', updatedAt: row.updated_at.toISOString() },
        undefined,
        schema,
      );
      await client.query(event.sql, event.values);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
